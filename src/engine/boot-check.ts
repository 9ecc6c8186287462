// After a host reboot (the kernel's boot id differs from the one stored in the runroot), marks the
// containers that were running as exited and starts those with `--restart always` again, as
// podman's refresh plus podman-restart.service do. Never kills by a remembered pid (a reboot reuses pids).
import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readHostFile } from '../host/read-host-file.ts';
import { log } from '../lib/log.ts';
import { runtimeForContainer } from './container-runtime.ts';
import type { EngineContext } from './engine-context.ts';
import { acquireLock, containerLockName } from './named-lock.ts';
import { isLiveStatus } from './container-transitions.ts';
import { readContainerConfig, readStateData } from './container-model.ts';
import { releaseResources } from './container-cleanup.ts';
import { startContainer } from './container-start.ts';
import { waitForProcessExit } from '../host/process-alive.ts';

export const BOOT_ID_SOURCE = '/proc/sys/kernel/random/boot_id';

/**
 * The exit code recorded for a container the reboot ended: -1, "unknown", as for a container
 * whose conmon vanished (container-state.ts); podman's status text then reads "Exited (-1)".
 */
export const REBOOT_EXIT_CODE = -1;

/** What a boot check did (for tests and debug logging). */
export interface BootCheckResult {
  rebooted: boolean;
  exited: string[];
  restarted: string[];
}

/** Cheap when nothing changed: two small reads. Run once per command, where domain/local opens the engine. */
export async function checkBoot(ctx: EngineContext): Promise<BootCheckResult> {
  const none: BootCheckResult = { rebooted: false, exited: [], restarted: [] };
  const current = (await readHostFile('/', BOOT_ID_SOURCE))?.trim();
  if (!current) return none;
  const file = join(ctx.paths.runroot, 'boot-id');
  const stored = (await readHostFile('/', file))?.trim();
  if (stored === current) return none;
  const live = ctx.state.containers
    .list()
    .filter((record) => isLive(record.state, record.stateData));
  if (stored === undefined && live.length === 0) {
    await writeBootId(file, current);
    return none;
  }
  // One process recovers: the first to take the lock marks the containers exited and writes the
  // new boot id; the others wait for that much, then find the id written and do nothing.
  let exited: string[];
  {
    await using _lock = await acquireLock(ctx.state, 'boot-check');
    if ((await readHostFile('/', file))?.trim() === current) return none;
    log.info(
      `boot id changed (${stored ?? 'none stored'} -> ${current}): ${live.length} container(s) were running`,
    );
    exited = markExited(ctx);
    await writeBootId(file, current);
    ctx.events().system('refresh');
  }
  for (const id of exited) await releaseAfterReboot(ctx, id);
  return { rebooted: true, exited, restarted: await restartAlways(ctx) };
}

/** podman-restart.service: `start --all --filter restart-policy=always`. */
async function restartAlways(ctx: EngineContext): Promise<string[]> {
  const restarted: string[] = [];
  for (const record of ctx.state.containers.list()) {
    const policy = readContainerConfig(record.config, record.id).extra?.restartPolicy;
    if (policy?.name !== 'always' || record.state === 'running') continue;
    try {
      await startContainer(ctx, record.id, undefined);
      restarted.push(record.id);
    } catch (error) {
      log.warn(
        `restarting container ${record.id} after reboot: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  return restarted;
}

function isLive(state: string, stateData: unknown): boolean {
  const pid = (stateData as { pid?: unknown } | null)?.pid;
  return isLiveStatus(state) || (state === 'created' && typeof pid === 'number');
}

/** One transaction: every live container becomes exited; its run id is dropped so a late exit command is ignored. */
function markExited(ctx: EngineContext): string[] {
  return ctx.state.write(() => {
    const ids: string[] = [];
    for (const record of ctx.state.containers.list()) {
      if (!isLive(record.state, record.stateData)) continue;
      const { runId: _gone, ...data } = readStateData(record.stateData, record.id);
      const finished = {
        ...data,
        exitCode: REBOOT_EXIT_CODE,
        finishedAt: new Date().toISOString(),
      };
      ctx.state.containers.updateState(record.id, 'exited', finished);
      ids.push(record.id);
    }
    return ids;
  });
}

/**
 * Unmounts and drops the runtime's record. After a real reboot the runtime's state (in the
 * runroot) is gone; if it survived (the runroot is not a tmpfs, or a test faked the reboot),
 * `delete --force` ends the old process and we wait a little for its conmon to go.
 */
async function releaseAfterReboot(ctx: EngineContext, id: string): Promise<void> {
  await using _lock = await acquireLock(ctx.state, containerLockName(id));
  const runtime = await runtimeForContainer(ctx, id).catch(() => undefined);
  const survivor = await runtime?.state(id);
  await releaseResources(ctx, id).catch((error: unknown) =>
    log.warn(`releasing container ${id} after reboot: ${String(error)}`),
  );
  const conmonPid = readStateData(ctx.state.containers.get(id)?.stateData ?? {}, id).conmonPid;
  if (survivor && conmonPid !== undefined) await waitForProcessExit(conmonPid, 5_000, 50);
}

async function writeBootId(file: string, bootId: string): Promise<void> {
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, `${bootId}\n`);
  await rename(temp, file);
}
