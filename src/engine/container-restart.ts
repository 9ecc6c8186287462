// `restart`: stop (with the stop timeout) then start again, detached. A container that is not
// running just starts. The old run's cleanup and the new start are each done under the
// container's lock, so a late exit command of the old run cannot touch the new one.
import type { EngineContext } from './engine-context.ts';
import { startExisting, stopContainer } from './container-lifecycle.ts';

export async function restartContainer(
  ctx: EngineContext,
  id: string,
  timeoutSeconds?: number,
): Promise<void> {
  await stopContainer(ctx, id, timeoutSeconds);
  await startExisting(ctx, id, undefined);
  const record = ctx.state.containers.get(id);
  if (record) ctx.events().container('restart', record);
}
