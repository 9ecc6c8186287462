// `berth image prune`: removes dangling images (no names), or with --all every image no
// container uses, each as `rmi` would; returns the removed IDs in removal order.
import type { EngineContext } from './engine-context.ts';
import { removeImage } from './image-remove.ts';
import { sweepStagedLayers } from './image-staging-sweep.ts';

export async function pruneImages(
  ctx: EngineContext,
  options: { all: boolean },
): Promise<string[]> {
  const removed: string[] = [];
  for (const image of ctx.state.images.list()) {
    if (!options.all && image.names.length > 0) continue;
    if (ctx.state.containers.idsUsingImage(image.id).length > 0) continue;
    const result = await removeImage(ctx, { image, byId: true, byDigest: false, force: true });
    if (result.deleted !== undefined) removed.push(result.deleted);
  }
  await sweepStagedLayers(ctx);
  return removed;
}
