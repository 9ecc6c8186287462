// Reconciles a container's recorded state with what conmon left behind: a running container
// whose exit file exists, whose monitor is gone, or whose run directory vanished (a reboot
// empties the runroot) is recorded as exited. Every command reads containers through this.
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { readExitFile } from '../runtime/exit-file.ts';
import type { ContainerRecord } from '../storage/container-records.ts';
import type { EngineContext } from './engine-context.ts';
import { containerPaths, readStateData, type ContainerStateData } from './container-model.ts';
import { processAlive } from '../host/process-alive.ts';

/** A container without a recorded pid has nothing to check yet: count it as alive. */
const alive = (pid: number | undefined): boolean => pid === undefined || processAlive(pid);

const liveStates = new Set(['running', 'paused', 'stopping']);

export async function syncContainer(ctx: EngineContext, record: ContainerRecord): Promise<ContainerRecord> {
  if (!liveStates.has(record.state) && !(record.state === 'created' && hasPid(record))) return record;
  const paths = containerPaths(ctx.paths, record.id);
  const data = readStateData(record.stateData, record.id);
  const exitCode = await readExitFile(paths.exitFile);
  let finished: ContainerStateData | undefined;
  if (exitCode !== undefined) {
    const finishedAt = (await stat(paths.exitFile).catch(() => undefined))?.mtime ?? new Date();
    finished = { ...data, exitCode, finishedAt: finishedAt.toISOString() };
  } else if (!existsSync(paths.bundle) || !alive(data.conmonPid ?? data.pid)) {
    finished = { ...data, exitCode: data.exitCode ?? -1, finishedAt: new Date().toISOString() };
  }
  if (!finished) return record;
  const update = finished;
  ctx.state.write(() => ctx.state.containers.updateState(record.id, 'exited', update));
  return { ...record, state: 'exited', stateData: update };
}

function hasPid(record: ContainerRecord): boolean {
  return typeof (record.stateData as ContainerStateData | null)?.pid === 'number';
}


export async function syncedContainers(ctx: EngineContext): Promise<ContainerRecord[]> {
  return Promise.all(ctx.state.containers.list().map((record) => syncContainer(ctx, record)));
}
