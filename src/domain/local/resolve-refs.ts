// Turns what a user typed (a name, a short name, a full or partial ID) into one image or
// container, with podman's error words. This is policy: the CLI and the API share it. Whether an
// image is local is engine/image-lookup.ts's answer, the one pull uses too.
import { BerthError } from '../../lib/berth-error.ts';
import type { EngineContext } from '../../engine/engine-context.ts';
import type { ImageRecord } from '../../engine/engine-context.ts';
import { lookupLocalImage, type LocalImage } from '../../engine/image-lookup.ts';

const hexRe = /^[0-9a-f]{1,64}$/;

/** How a reference matched: by a name (which one) or by ID. `rmi` untags only by name. */
export type ResolvedImage = LocalImage;

export function resolveImage(ctx: EngineContext, ref: string): ImageRecord {
  return resolveImageRef(ctx, ref).image;
}

/** The local image `ref` names (lookupLocalImage), or NO_SUCH_IMAGE in podman's words. */
export function resolveImageRef(ctx: EngineContext, ref: string): ResolvedImage {
  const found = lookupLocalImage(ctx, ref);
  if (found === undefined) throw new BerthError('NO_SUCH_IMAGE', `${ref}: image not known`);
  return found;
}

export function resolveContainerId(ctx: EngineContext, ref: string): string {
  const containers = ctx.state.containers;
  if (containers.get(ref)) return ref;
  const byName = containers.getByName(ref);
  if (byName) return byName.id;
  if (hexRe.test(ref)) {
    const ids = containers.findIdsByPrefix(ref);
    if (ids.length > 1)
      throw new BerthError('AMBIGUOUS_REFERENCE', `more than one result for container "${ref}"`);
    if (ids[0] !== undefined) return ids[0];
  }
  throw new BerthError(
    'NO_SUCH_CONTAINER',
    `no container with name or ID "${ref}" found: no such container`,
  );
}
