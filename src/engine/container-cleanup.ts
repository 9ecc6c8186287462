// What happens after a container's process ends: record the exit, tear down what its start set
// up (runtime state, cgroups, network, /dev/shm, rootfs), honour --rm, and apply --restart.
// conmon's exit command, a foreground run, stop and rm may all get here for one run: the first
// to take the container's lock while the run id is still recorded does it; the others find the
// run id gone and return at once.
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { readExitFile } from '../runtime/exit-file.ts';
import { log } from '../lib/log.ts';
import { messageOf } from '../lib/berth-error.ts';
import type { ContainerRecord } from '../storage/container-records.ts';
import { runtimeForContainer } from './container-runtime.ts';
import type { EngineContext } from './engine-context.ts';
import { detachContainer } from './container-network.ts';
import {
  containerPaths,
  readContainerConfig,
  readStateData,
  type ContainerConfig,
  type ContainerStateData,
} from './container-model.ts';
import { containerVolumeNames, removeAnonymousVolumes } from './volume-store.ts';
import { acquireLock, containerLockName } from './named-lock.ts';
import { syncContainer } from './container-state.ts';
import { isLiveStatus, mayAct } from './container-transitions.ts';

/** What a cleanup found: the run's exit code when it handled the run; removed when --rm removed the container. */
export interface CleanupResult {
  exitCode?: number;
  removed: boolean;
}

/**
 * Cleans up after a run once it ended. runId: only that run (conmon's exit command and a
 * foreground run pass theirs); without it, whatever run is recorded. Returns at once when the
 * run is still going, or when another process already cleaned it up.
 */
export async function cleanupContainer(
  ctx: EngineContext,
  id: string,
  runId?: string,
): Promise<CleanupResult> {
  let exitCode: number | undefined;
  let config: ContainerConfig | undefined;
  {
    await using _lock = await acquireLock(ctx.state, containerLockName(id));
    const stored = ctx.state.containers.get(id);
    if (!stored) return { removed: true };
    const record = await syncContainer(ctx, stored);
    const data = readStateData(record.stateData, id);
    if (data.runId === undefined || (runId !== undefined && data.runId !== runId))
      return { removed: false };
    if (isLiveStatus(record.state) || record.state === 'created') return { removed: false };
    exitCode = data.exitCode;
    config = readContainerConfig(record.config, id);
    await releaseRun(ctx, record);
    if (config.autoRemove) {
      await removeUnderLock(ctx, id);
      // --rm also removes the container's anonymous volumes, as podman does.
      await removeAnonymousVolumes(ctx, containerVolumeNames(config));
      return { removed: true, ...(exitCode !== undefined ? { exitCode } : {}) };
    }
  }
  // Only conmon's exit command (it carries the run id) applies the restart policy, once per run.
  if (runId !== undefined && exitCode !== undefined)
    await restartByPolicy(ctx, id, config, exitCode);
  return { removed: false, ...(exitCode !== undefined ? { exitCode } : {}) };
}

/** --restart: starts the container again unless the user stopped it meanwhile (decided under the lock, in start). */
async function restartByPolicy(
  ctx: EngineContext,
  id: string,
  config: ContainerConfig,
  exitCode: number,
): Promise<void> {
  const policy = config.extra?.restartPolicy;
  if (!policy || policy.name === 'no') return;
  const { startContainer } = await import('./container-start.ts');
  await startContainer(ctx, id, undefined, {
    byPolicy: true,
    shouldStart: (record) => {
      const data = readStateData(record.stateData, id);
      if (record.state !== 'exited' || data.stoppedByUser) return false;
      const restarts = data.restartCount ?? 0;
      return !(
        policy.name === 'on-failure' &&
        (exitCode === 0 || (policy.maxRetries > 0 && restarts >= policy.maxRetries))
      );
    },
  });
}

/**
 * Under the container's lock: tears down everything the run's start set up, then records the
 * exit and drops the run id in one write. A crash half-way leaves the run id, so the next
 * holder of the lock does the teardown again (every step is idempotent).
 */
export async function releaseRun(ctx: EngineContext, record: ContainerRecord): Promise<void> {
  const id = record.id;
  const paths = containerPaths(ctx.paths, id);
  // A start killed after spawning conmon: its container is deleted below; its monitor goes too.
  if (readStateData(record.stateData, id).starting)
    await ctx.roles.monitor.reap(paths.conmonPidFile, id);
  await releaseResources(ctx, id);
  const exitCode = await readExitFile(paths.exitFile);
  ctx.state.write(() => {
    const now = ctx.state.containers.get(id);
    if (!now) return;
    const { runId, starting, ...rest }: ContainerStateData = readStateData(now.stateData, id);
    // A start that was killed before it recorded its run leaves the state as that start found it.
    const state = starting
      ? now.state
      : now.state === 'removing'
        ? 'removing'
        : isLiveStatus(now.state) || now.state === 'created'
          ? 'exited'
          : now.state;
    const finished =
      state === 'exited' && rest.exitCode === undefined
        ? { exitCode: exitCode ?? -1, finishedAt: new Date().toISOString() }
        : {};
    ctx.state.containers.updateState(id, state, { ...rest, ...finished });
    if (runId !== undefined && !starting)
      ctx.events().containerExited(now, rest.exitCode ?? finished.exitCode ?? 0);
  });
}

/** Unmounts the rootfs and /dev/shm, deletes the runtime's record and cgroups, detaches the network. Idempotent. */
export async function releaseResources(ctx: EngineContext, id: string): Promise<void> {
  const paths = containerPaths(ctx.paths, id);
  // A runtime that cannot run here (the reason create failed) has no state to delete either.
  const runtime = await runtimeForContainer(ctx, id).catch(() => undefined);
  await runtime?.delete(id);
  await runtime
    ?.removeCgroups(id)
    .catch((error: unknown) => log.warn(`container ${id}: ${messageOf(error)}`));
  await detachContainer(ctx, id);
  await ctx.roles.mounts.unmount(paths.shm);
  await ctx.layers.unmountContainerLayer(id);
}

/**
 * `rm` of a container that is not running, under its lock: recorded as removing first, so a
 * crash at any later step leaves a record that the next `rm` finishes; then its run's resources,
 * its files, and last its layer and row in one step.
 */
export async function removeUnderLock(ctx: EngineContext, id: string): Promise<void> {
  const record = ctx.state.containers.get(id);
  if (!record) return;
  mayAct('remove', id, record.state);
  ctx.state.write(() =>
    ctx.state.containers.updateState(id, 'removing', readStateData(record.stateData, id)),
  );
  const paths = containerPaths(ctx.paths, id);
  await releaseResources(ctx, id);
  await Promise.all([
    rm(paths.bundle, { recursive: true, force: true }),
    rm(paths.staticDir, { recursive: true, force: true }),
  ]);
  await ctx.layers.deleteLayer(id, () => ctx.state.containers.delete(id));
  ctx.events().container('remove', record);
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
