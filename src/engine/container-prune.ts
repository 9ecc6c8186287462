// `container prune`: removes every container that is not running, paused or stopping; returns
// the IDs removed (podman prints them) and the failures.
import type { EngineContext } from './engine-context.ts';
import { syncedContainers } from './container-state.ts';
import { removeContainer } from './container-lifecycle.ts';
import { isLiveStatus } from './container-transitions.ts';

export interface PruneOutcome {
  id: string;
  error?: unknown;
}

export async function pruneContainers(ctx: EngineContext): Promise<PruneOutcome[]> {
  const outcomes: PruneOutcome[] = [];
  for (const record of await syncedContainers(ctx)) {
    if (isLiveStatus(record.state)) continue;
    try {
      // Not forced: one started meanwhile is refused under its lock and left alone.
      await removeContainer(ctx, record.id, false);
      outcomes.push({ id: record.id });
    } catch (error) {
      outcomes.push({ id: record.id, error });
    }
  }
  return outcomes;
}
