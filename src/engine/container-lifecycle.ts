// stop, kill, start and remove of one container, with podman's state rules. Long waits (the
// stop timeout) hold no lock: the state is written before and after, never during.
import { BerthError } from '../lib/berth-error.ts';
import { parseSignal } from '../lib/parse-signal.ts';
import { waitForExitFile } from '../runtime/exit-file.ts';
import type { OciRuntimeCli } from '../runtime/oci-runtime.ts';
import { runtimeForContainer } from './container-runtime.ts';
import { processAlive } from '../host/process-alive.ts';
import type { AttachStreams } from '../runtime/attach-client.ts';
import type { EngineContext } from './engine-context.ts';
import { containerPaths, readContainerConfig, readStateData } from './container-model.ts';
import { syncContainer } from './container-state.ts';
import { cleanupContainer, removeContainerFiles } from './container-cleanup.ts';
import { startContainer } from './container-start.ts';
import { imageRunSection } from './image-run-config.ts';

const defaultStopTimeoutSeconds = 10;
const killGraceMs = 5_000;

async function current(ctx: EngineContext, id: string) {
  const record = ctx.state.containers.get(id);
  if (!record) throw new BerthError('NO_SUCH_CONTAINER', `no container with ID ${id} found in database: no such container`);
  return syncContainer(ctx, record);
}

async function runtimeFor(ctx: EngineContext, id: string): Promise<OciRuntimeCli> {
  return runtimeForContainer(ctx, id);
}

function isActive(state: string): boolean {
  return state === 'running' || state === 'paused' || state === 'stopping';
}

/** podman stop: the stop signal, then SIGKILL after the timeout; stopping a stopped container is fine. */
export async function stopContainer(ctx: EngineContext, id: string, requestedTimeoutSeconds?: number): Promise<void> {
  let record = await current(ctx, id);
  if (!isActive(record.state)) {
    // Between two runs of a --restart container: the restart under way must not bring it back.
    markStopped(ctx, id);
    if (!(await restartSettled(ctx, id))) return;
    record = await current(ctx, id);
    if (!isActive(record.state)) return;
  }
  const image = record.imageId ? ctx.state.images.get(record.imageId) : undefined;
  const extra = readContainerConfig(record.config, id).extra ?? {};
  const stopSignal = parseSignal(extra.stopSignal ?? imageRunSection(image?.config).StopSignal ?? 'TERM');
  const timeoutSeconds = requestedTimeoutSeconds ?? extra.stopTimeoutSeconds ?? defaultStopTimeoutSeconds;
  // stoppedByUser keeps the restart policy from bringing the container back.
  ctx.state.write(() => ctx.state.containers.updateState(id, 'stopping', { ...readStateData(record.stateData, id), stoppedByUser: true }));
  const runtime = await runtimeFor(ctx, id);
  const exitFile = containerPaths(ctx.paths, id).exitFile;
  await runtime.kill(id, stopSignal).catch(() => undefined);
  if (record.state === 'paused') await runtime.resume(id).catch(() => undefined);
  if ((await waitForExitFile(exitFile, timeoutSeconds * 1000)) === undefined) {
    await runtime.kill(id, 9).catch(() => undefined);
    if ((await waitForExitFile(exitFile, killGraceMs)) === undefined) {
      throw new BerthError('CONTAINER_STATE', `container ${id} did not stop after SIGKILL`);
    }
  }
  await cleanupContainer(ctx, id);
  ctx.events().container('stop', record);
}

export async function killContainer(ctx: EngineContext, id: string, signal: string): Promise<void> {
  const record = await current(ctx, id);
  if (record.state !== 'running' && record.state !== 'paused' && record.state !== 'stopping') {
    throw new BerthError('CONTAINER_STATE', `can only kill running containers. ${id} is in state ${record.state}: container state improper`);
  }
  await (await runtimeFor(ctx, id)).kill(id, parseSignal(signal));
  ctx.events().container('kill', record);
}

export async function removeContainer(ctx: EngineContext, id: string, force: boolean, timeoutSeconds?: number): Promise<void> {
  let record = await current(ctx, id);
  if (force && !isActive(record.state)) {
    // A --restart container between runs: stop the restart under way before removing anything.
    markStopped(ctx, id);
    if (await restartSettled(ctx, id)) record = await current(ctx, id);
  }
  if (isActive(record.state)) {
    if (!force) {
      throw new BerthError(
        'CONTAINER_RUNNING',
        `cannot remove container ${id} as it is ${record.state} - running or paused containers cannot be removed without force: container state improper`,
      );
    }
    await stopContainer(ctx, id, timeoutSeconds);
  }
  await removeContainerFiles(ctx, id);
}

export interface StartResult {
  exitCode?: number;
}

/** podman start: a created or exited container runs again; with streams, waits for it to end. */
export async function startExisting(ctx: EngineContext, id: string, streams: AttachStreams | undefined): Promise<StartResult> {
  const record = await current(ctx, id);
  if (record.state === 'running') return {};
  if (record.state === 'paused' || record.state === 'stopping') {
    throw new BerthError('CONTAINER_STATE', `container ${id} is ${record.state}: container state improper`);
  }
  const started = await startContainer(ctx, id, streams);
  if (!started.attachment) return {};
  if ((await started.attachment.finished) === 'detached') return {};
  const exitCode = await waitForExitFile(containerPaths(ctx.paths, id).exitFile);
  await cleanupContainer(ctx, id);
  readContainerConfig(record.config, id);
  return exitCode === undefined ? {} : { exitCode };
}

function markStopped(ctx: EngineContext, id: string): void {
  ctx.state.write(() => {
    const now = ctx.state.containers.get(id);
    if (now) ctx.state.containers.updateState(id, now.state, { ...readStateData(now.stateData, id), stoppedByUser: true });
  });
}

/**
 * Waits while another berth process's restart policy is starting the container (restartingBy);
 * true when one was under way, so the caller looks at the container's state again.
 */
async function restartSettled(ctx: EngineContext, id: string): Promise<boolean> {
  let waited = false;
  for (let attempt = 0; attempt < 400; attempt++) {
    const now = ctx.state.containers.get(id);
    const by = now ? readStateData(now.stateData, id).restartingBy : undefined;
    if (by === undefined || !processAlive(by)) return waited;
    waited = true;
    await new Promise((resolveDelay) => setTimeout(resolveDelay, 25));
  }
  return waited;
}
