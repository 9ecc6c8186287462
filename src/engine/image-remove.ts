// Deletes a stored image: its row and names in one transaction together with its top layer,
// then lower layers no other image uses, then its config and manifest blobs. Untag-only and
// in-use decisions follow libimage's remove; the caller resolved the reference.
import { BerthError } from '../lib/berth-error.ts';
import type { ImageRecord } from '../storage/image-records.ts';
import type { EngineContext } from './engine-context.ts';
import { removeContainer } from './container-lifecycle.ts';

export interface ImageRemoval {
  image: ImageRecord;
  /** The name the user's reference matched; undefined when removed by ID, digest or --all. */
  name?: string;
  byId: boolean;
  byDigest: boolean;
  force: boolean;
}

export interface ImageRemovalResult {
  untagged: string[];
  /** The image ID when the image itself went. */
  deleted?: string;
}

export async function removeImage(
  ctx: EngineContext,
  removal: ImageRemoval,
): Promise<ImageRemovalResult> {
  const { image } = removal;
  const names = ctx.state.images.names(image.id);
  if (removal.name !== undefined && names.length > 1) {
    ctx.state.write(() => ctx.state.images.removeName(removal.name as string));
    ctx.events().image('untag', image.id, removal.name);
    return { untagged: [removal.name] };
  }
  if ((removal.byId || removal.byDigest) && names.length > 1 && !removal.force) {
    const how = removal.byId ? 'ID' : 'digest';
    throw new BerthError(
      'IMAGE_IN_USE',
      `unable to delete image "${image.id}" by ${how} with more than one tag ([${names.join(' ')}]): please force removal`,
    );
  }
  const users = ctx.state.containers.idsUsingImage(image.id);
  if (users.length > 0) {
    if (!removal.force) {
      throw new BerthError(
        'IMAGE_IN_USE',
        `image used by ${users[0]}: image is in use by a container: consider listing external containers and force-removing image`,
      );
    }
    for (const id of users) await removeContainer(ctx, id, true);
  }
  await deleteImageData(ctx, image);
  ctx.events().image('remove', image.id, removal.name ?? '');
  return { untagged: names, deleted: image.id };
}

/** Row + top layer in one transaction (the image is gone at once), then unshared lower layers and blobs. */
async function deleteImageData(ctx: EngineContext, image: ImageRecord): Promise<void> {
  const deleteRow = (): void => {
    ctx.state.images.delete(image.id);
  };
  if (image.topLayer === null || layersUsedElsewhere(ctx, image.id).has(image.topLayer)) {
    ctx.state.write(deleteRow);
  } else {
    const chain = ctx.state.read(() => ctx.state.layers.chain(image.topLayer as string));
    await ctx.layers.deleteLayer(image.topLayer, deleteRow);
    const used = layersUsedElsewhere(ctx, image.id);
    for (const layer of chain.slice(1)) {
      if (used.has(layer.id) || ctx.state.layers.children(layer.id).length > 0) break;
      await ctx.layers.deleteLayer(layer.id);
    }
  }
  await deleteUnsharedBlobs(ctx, image);
}

function layersUsedElsewhere(ctx: EngineContext, imageId: string): Set<string> {
  const used = new Set<string>();
  for (const other of ctx.state.images.list()) {
    if (other.id === imageId || other.topLayer === null) continue;
    for (const layer of ctx.state.layers.chain(other.topLayer)) used.add(layer.id);
  }
  return used;
}

async function deleteUnsharedBlobs(ctx: EngineContext, image: ImageRecord): Promise<void> {
  const others = ctx.state.images.list();
  const blobs = [image.configDigest, image.manifestDigest];
  for (const digest of blobs) {
    if (digest === null) continue;
    if (others.some((other) => other.configDigest === digest || other.manifestDigest === digest))
      continue;
    await ctx.content.delete(digest);
  }
}
