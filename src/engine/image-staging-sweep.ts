// Removes what dead pulls, loads and commits left in the layer store's staging area. It only
// logs a failure: a sweep never fails the command that runs it.
import { messageOf } from '../lib/berth-error.ts';
import { log } from '../lib/log.ts';
import type { EngineContext } from './engine-context.ts';

/**
 * Staged layers whose owner died (kill -9, a crash; a zombie or a reused pid counts as dead) and
 * layer dirs without a row. Pull, load, rmi and image prune run it.
 */
export async function sweepStagedLayers(ctx: EngineContext): Promise<void> {
  await ctx.layers
    .cleanupStaging()
    .catch((error: unknown) => log.debug(`cleaning up staged layers: ${messageOf(error)}`));
}
