// What happens after a container's process ends (conmon's exit command, a foreground run, or
// rm): record the exit, unmount, drop the runtime's state, apply --restart, remove --rm containers. Every
// step tolerates having been done already, because these callers race.
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { unmountPath } from '../host/shm-mount.ts';
import { readExitFile } from '../runtime/exit-file.ts';
import { log } from '../lib/log.ts';
import { messageOf } from '../lib/berth-error.ts';
import { runtimeForContainer } from './container-runtime.ts';
import type { EngineContext } from './engine-context.ts';
import { detachContainer } from './container-network.ts';
import { containerPaths, readContainerConfig, readStateData, type ContainerConfig } from './container-model.ts';
import { startContainer } from './container-start.ts';
import { containerVolumeNames, removeAnonymousVolumes } from './volume-store.ts';

export async function cleanupContainer(ctx: EngineContext, id: string, runId?: string): Promise<void> {
  const record = ctx.state.containers.get(id);
  if (!record) return;
  // conmon of an earlier run, whose container was cleaned up and started again meanwhile.
  if (runId !== undefined && readStateData(record.stateData, id).runId !== runId) return;
  const paths = containerPaths(ctx.paths, id);
  const exitCode = await readExitFile(paths.exitFile);
  if (exitCode !== undefined && (record.state === 'running' || record.state === 'created' || record.state === 'stopping')) {
    const data = readStateData(record.stateData, id);
    ctx.state.write(() => ctx.state.containers.updateState(id, 'exited', { ...data, exitCode, finishedAt: new Date().toISOString() }));
  }
  if (exitCode !== undefined) forgetRun(ctx, id);
  const config = readContainerConfig(record.config, id);
  if (config.autoRemove) {
    // removeContainerFiles releases the resources itself (--rm and --restart never go together).
    await removeContainerFiles(ctx, id);
    // --rm also removes the container's anonymous volumes, as podman does.
    await removeAnonymousVolumes(ctx, containerVolumeNames(config));
    return;
  }
  await releaseResources(ctx, id);
  // Only conmon's exit command (it carries the run id) applies the restart policy, once per run.
  if (runId !== undefined && exitCode !== undefined) await restartByPolicy(ctx, id, config, exitCode);
}

/**
 * Once a run's exit is handled, its run id is dropped, so conmon's late exit command for that
 * run (it races with stop, restart and start) cannot unmount or delete the next run's state.
 */
function forgetRun(ctx: EngineContext, id: string): void {
  ctx.state.write(() => {
    const now = ctx.state.containers.get(id);
    if (now?.state !== 'exited') return;
    const { runId, ...rest } = readStateData(now.stateData, id);
    ctx.state.containers.updateState(id, 'exited', rest);
    if (runId !== undefined) ctx.events().containerExited(now, rest.exitCode ?? 0);
  });
}

/** --restart: starts the container again unless the user stopped it; true when it did. */
async function restartByPolicy(ctx: EngineContext, id: string, config: ContainerConfig, exitCode: number): Promise<boolean> {
  const policy = config.extra?.restartPolicy;
  const record = ctx.state.containers.get(id);
  if (!policy || policy.name === 'no' || !record || record.state !== 'exited') return false;
  const restartCount = readStateData(record.stateData, id).restartCount ?? 0;
  if (policy.name === 'on-failure' && (exitCode === 0 || (policy.maxRetries > 0 && restartCount >= policy.maxRetries))) return false;
  // Claimed in one transaction: a stop or rm that already ran wins; one that comes later waits for
  // restartingBy to clear. Counted before the start: the new run may end before start returns.
  const claimed = ctx.state.write(() => {
    const now = ctx.state.containers.get(id);
    if (!now || now.state !== 'exited') return false;
    const data = readStateData(now.stateData, id);
    if (data.stoppedByUser) return false;
    ctx.state.containers.updateState(id, now.state, { ...data, restartCount: restartCount + 1, restartingBy: process.pid });
    return true;
  });
  if (!claimed) return false;
  try {
    await startContainer(ctx, id, undefined, { byPolicy: true });
  } finally {
    ctx.state.write(() => {
      const now = ctx.state.containers.get(id);
      if (!now) return;
      const { restartingBy: _done, ...rest } = readStateData(now.stateData, id);
      ctx.state.containers.updateState(id, now.state, rest);
    });
  }
  return true;
}

/** Unmounts the rootfs and /dev/shm and deletes the runtime's record; the container stays listed. */
export async function releaseResources(ctx: EngineContext, id: string): Promise<void> {
  const paths = containerPaths(ctx.paths, id);
  // A runtime that cannot run here (the reason create failed) has no state to delete either.
  const runtime = await runtimeForContainer(ctx, id).catch(() => undefined);
  await runtime?.delete(id);
  await runtime?.removeCgroups(id).catch((error: unknown) => log.warn(`container ${id}: ${messageOf(error)}`));
  await detachContainer(ctx, id);
  await unmountPath(paths.shm);
  await ctx.layers.unmountContainerLayer(id);
}

/** Removes everything of a stopped container: unmounts, then its rows and layer in one step, then its files. */
export async function removeContainerFiles(ctx: EngineContext, id: string): Promise<void> {
  const paths = containerPaths(ctx.paths, id);
  await releaseResources(ctx, id);
  const removed = ctx.state.containers.get(id);
  await ctx.layers.deleteLayer(id, () => ctx.state.containers.delete(id));
  if (removed) ctx.events().container('remove', removed);
  await Promise.all([
    rm(paths.bundle, { recursive: true, force: true }),
    rm(paths.staticDir, { recursive: true, force: true }),
  ]);
  await sweepExitFiles(paths.exitDir);
}

/** How long an exit file outlives its container, so a foreground `run --rm` can still read it. */
const exitFileRetentionMs = 5 * 60_000;

/**
 * Removes exit files older than the retention. A removed container's exit file is kept for a
 * while because conmon's exit command may remove a --rm container before the foreground
 * `berth run` has read the exit status (podman keeps exit codes in its DB for the same reason).
 */
async function sweepExitFiles(exitDir: string): Promise<void> {
  const names = await readdir(exitDir).catch(() => [] as string[]);
  const cutoff = Date.now() - exitFileRetentionMs;
  await Promise.all(
    names.map(async (name) => {
      const path = join(exitDir, name);
      const info = await stat(path).catch(() => undefined);
      if (info && info.mtimeMs < cutoff) await rm(path, { force: true });
    }),
  );
}
