// stop, kill, start and remove of one container. Each decides under the container's lock, from
// the transition table, on the state read under that lock; the long waits (the stop timeout, a
// foreground start's run) hold no lock: the state is written before and after, never during.
import { BerthError } from '../lib/berth-error.ts';
import { parseSignal } from '../lib/parse-signal.ts';
import { waitForExitFile } from '../runtime/exit-file.ts';
import { runtimeForContainer } from './container-runtime.ts';
import type { AttachStreams } from '../runtime/attach-client.ts';
import type { EngineContext } from './engine-context.ts';
import type { ContainerRecord } from '../storage/container-records.ts';
import { containerPaths, readContainerConfig, readStateData } from './container-model.ts';
import { currentContainer, syncContainer } from './container-state.ts';
import { cleanupContainer, releaseRun, removeUnderLock } from './container-cleanup.ts';
import { startContainer } from './container-start.ts';
import { imageRunSection } from './image-run-config.ts';
import { acquireLock, containerLockName } from './named-lock.ts';
import { isLiveStatus, mayAct } from './container-transitions.ts';

const defaultStopTimeoutSeconds = 10;
const killGraceMs = 5_000;
/** rm -f against a container someone keeps starting again: give up after this many stops. */
const maxForceRemoveRounds = 5;

/**
 * podman stop: the stop signal, then SIGKILL after the timeout; stopping a stopped container is
 * fine. Recorded as stopped by the user, so the restart policy does not bring it back.
 */
export async function stopContainer(
  ctx: EngineContext,
  id: string,
  requestedTimeoutSeconds?: number,
): Promise<void> {
  const stopping = await signalStop(ctx, id);
  if (stopping === undefined) return;
  await awaitExit(ctx, id, requestedTimeoutSeconds ?? stopping.timeoutSeconds);
  await cleanupContainer(ctx, id, stopping.runId);
  ctx.events().container('stop', stopping.record);
}

/** Under the lock: records `stopping` and sends the stop signal; undefined when nothing runs. */
async function signalStop(
  ctx: EngineContext,
  id: string,
): Promise<
  { runId: string | undefined; timeoutSeconds: number; record: ContainerRecord } | undefined
> {
  await using _lock = await acquireLock(ctx.state, containerLockName(id));
  const record = await currentContainer(ctx, id);
  const data = readStateData(record.stateData, id);
  // Between two runs of a --restart container, the restart to come must not bring it back.
  ctx.state.write(() =>
    ctx.state.containers.updateState(
      id,
      mayAct('stop', id, record.state) ? 'stopping' : record.state,
      { ...data, stoppedByUser: true },
    ),
  );
  if (!isLiveStatus(record.state)) return undefined;
  const image = record.imageId ? ctx.state.images.get(record.imageId) : undefined;
  const extra = readContainerConfig(record.config, id).extra ?? {};
  const timeoutSeconds = extra.stopTimeoutSeconds ?? defaultStopTimeoutSeconds;
  const stopSignal = parseSignal(
    extra.stopSignal ?? imageRunSection(image?.config).StopSignal ?? 'TERM',
  );
  const runtime = await runtimeForContainer(ctx, id);
  await runtime.kill(id, stopSignal).catch(() => undefined);
  if (record.state === 'paused') await runtime.resume(id).catch(() => undefined);
  return { runId: data.runId, timeoutSeconds, record };
}

/** Waits for the exit file; SIGKILL after the timeout. Holds no lock. */
async function awaitExit(ctx: EngineContext, id: string, timeoutSeconds: number): Promise<void> {
  const exitFile = containerPaths(ctx.paths, id).exitFile;
  if ((await waitForExitFile(exitFile, timeoutSeconds * 1000)) !== undefined) return;
  const runtime = await runtimeForContainer(ctx, id);
  await runtime.kill(id, 9).catch(() => undefined);
  if ((await waitForExitFile(exitFile, killGraceMs)) === undefined) {
    // The monitor may be gone without an exit file (kill -9 of conmon): the reconciled state decides.
    const record = ctx.state.containers.get(id);
    if (record && isLiveStatus((await syncContainer(ctx, record)).state))
      throw new BerthError('CONTAINER_STATE', `container ${id} did not stop after SIGKILL`);
  }
}

export async function killContainer(ctx: EngineContext, id: string, signal: string): Promise<void> {
  await using _lock = await acquireLock(ctx.state, containerLockName(id));
  const record = await currentContainer(ctx, id);
  mayAct('kill', id, record.state);
  await (await runtimeForContainer(ctx, id)).kill(id, parseSignal(signal));
  ctx.events().container('kill', record);
}

/** podman rm: refused for a live container unless force, which stops it first (again if it was started meanwhile). */
export async function removeContainer(
  ctx: EngineContext,
  id: string,
  force: boolean,
  timeoutSeconds?: number,
): Promise<void> {
  for (let round = 0; ; round++) {
    {
      await using _lock = await acquireLock(ctx.state, containerLockName(id));
      const stored = ctx.state.containers.get(id);
      if (!stored) return;
      const record = await currentContainer(ctx, id);
      if (!isLiveStatus(record.state) || !force || round >= maxForceRemoveRounds) {
        mayAct('remove', id, record.state);
        if (readStateData(record.stateData, id).runId !== undefined) await releaseRun(ctx, record);
        await removeUnderLock(ctx, id);
        return;
      }
    }
    await stopContainer(ctx, id, timeoutSeconds);
  }
}

export interface StartResult {
  exitCode?: number;
}

/** podman start: a created or exited container runs again; with streams, waits for it to end. */
export async function startExisting(
  ctx: EngineContext,
  id: string,
  streams: AttachStreams | undefined,
): Promise<StartResult> {
  const started = await startContainer(ctx, id, streams);
  if (!started?.attachment) return {};
  if ((await started.attachment.finished) === 'detached') return {};
  const exitCode = await waitForExitFile(containerPaths(ctx.paths, id).exitFile);
  await cleanupContainer(ctx, id, started.runId);
  return exitCode === undefined ? {} : { exitCode };
}
