// Reconciles a container's recorded state with what conmon left behind: a running container
// whose exit file exists, whose monitor is gone (a zombie counts as gone), or whose run directory
// vanished (a reboot empties the runroot) is recorded as exited. Every command reads containers
// through this. The write is compare-and-set on the run id, so it never overwrites a newer run.
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { BerthError } from '../lib/berth-error.ts';
import { readExitFile } from '../runtime/exit-file.ts';
import type { ContainerRecord } from '../storage/container-records.ts';
import type { EngineContext } from './engine-context.ts';
import { containerPaths, readStateData, type ContainerStateData } from './container-model.ts';
import { isProcessLive } from '../host/process-alive.ts';
import { isLiveStatus } from './container-transitions.ts';

/** The monitor (else the container's process) of the current run; without a recorded pid there is nothing to check yet. */
function monitorAlive(data: ContainerStateData): boolean {
  if (data.conmonPid !== undefined) return isProcessLive(data.conmonPid, data.conmonStartTime);
  return data.pid === undefined || isProcessLive(data.pid);
}

export async function syncContainer(
  ctx: EngineContext,
  record: ContainerRecord,
): Promise<ContainerRecord> {
  if (!isLiveStatus(record.state) && !(record.state === 'created' && hasPid(record))) return record;
  const paths = containerPaths(ctx.paths, record.id);
  const data = readStateData(record.stateData, record.id);
  const exitCode = await readExitFile(paths.exitFile);
  let finished: ContainerStateData | undefined;
  if (exitCode !== undefined) {
    const finishedAt = (await stat(paths.exitFile).catch(() => undefined))?.mtime ?? new Date();
    finished = { ...data, exitCode, finishedAt: finishedAt.toISOString() };
  } else if (!existsSync(paths.bundle) || !monitorAlive(data)) {
    finished = { ...data, exitCode: data.exitCode ?? -1, finishedAt: new Date().toISOString() };
  }
  if (!finished) return record;
  const update = finished;
  const written = ctx.state.write(() => {
    const now = ctx.state.containers.get(record.id);
    if (
      !now ||
      now.state !== record.state ||
      readStateData(now.stateData, record.id).runId !== data.runId
    )
      return now;
    ctx.state.containers.updateState(record.id, 'exited', update);
    return { ...now, state: 'exited', stateData: update };
  });
  return written ?? { ...record, state: 'exited', stateData: update };
}

function hasPid(record: ContainerRecord): boolean {
  return typeof (record.stateData as ContainerStateData | null)?.pid === 'number';
}

/** The container's record, reconciled; NO_SUCH_CONTAINER when it is gone. */
export async function currentContainer(ctx: EngineContext, id: string): Promise<ContainerRecord> {
  const record = ctx.state.containers.get(id);
  if (!record)
    throw new BerthError(
      'NO_SUCH_CONTAINER',
      `no container with ID ${id} found in database: no such container`,
    );
  return syncContainer(ctx, record);
}

export async function syncedContainers(ctx: EngineContext): Promise<ContainerRecord[]> {
  return Promise.all(ctx.state.containers.list().map((record) => syncContainer(ctx, record)));
}
