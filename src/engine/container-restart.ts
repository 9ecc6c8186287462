// `restart`: stop (with the stop timeout) then start again, detached. A container that is not
// running just starts. podman's `--running` restarts only running ones (policy in domain/).
import type { EngineContext } from './engine-context.ts';
import { startExisting, stopContainer } from './container-lifecycle.ts';

export async function restartContainer(ctx: EngineContext, id: string, timeoutSeconds?: number): Promise<void> {
  await stopContainer(ctx, id, timeoutSeconds);
  await startExisting(ctx, id, undefined);
}
