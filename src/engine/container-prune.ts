// `container prune`: removes every container that is not running, paused or stopping; returns
// the IDs removed (podman prints them) and the failures.
import type { EngineContext } from './engine-context.ts';
import { syncedContainers } from './container-state.ts';
import { removeContainerFiles } from './container-cleanup.ts';

export interface PruneOutcome {
  id: string;
  error?: unknown;
}

export async function pruneContainers(ctx: EngineContext): Promise<PruneOutcome[]> {
  const outcomes: PruneOutcome[] = [];
  for (const record of await syncedContainers(ctx)) {
    if (record.state === 'running' || record.state === 'paused' || record.state === 'stopping')
      continue;
    try {
      await removeContainerFiles(ctx, record.id);
      outcomes.push({ id: record.id });
    } catch (error) {
      outcomes.push({ id: record.id, error });
    }
  }
  return outcomes;
}
