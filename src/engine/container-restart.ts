// `restart`: stop (with the stop timeout) then start again, detached. A container that is not
// running just starts. Before starting, the old run's conmon is given time to finish its exit
// command, so that cleanup cannot race the new run.
import type { EngineContext } from './engine-context.ts';
import { readStateData } from './container-model.ts';
import { startExisting, stopContainer } from './container-lifecycle.ts';
import { waitForProcessExit } from '../host/process-alive.ts';

const monitorExitWaitMs = 5_000;

export async function restartContainer(
  ctx: EngineContext,
  id: string,
  timeoutSeconds?: number,
): Promise<void> {
  const record = ctx.state.containers.get(id);
  const conmonPid = record ? readStateData(record.stateData, id).conmonPid : undefined;
  await stopContainer(ctx, id, timeoutSeconds);
  if (conmonPid !== undefined) await waitForProcessExit(conmonPid, monitorExitWaitMs);
  await startExisting(ctx, id, undefined);
  if (record) ctx.events().container('restart', record);
}

