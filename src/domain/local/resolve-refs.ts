// Turns what a user typed (a name, a short name, a full or partial ID) into one image or
// container, with podman's error words. This is policy: the CLI and the API share it.
import { BerthError } from '../../lib/berth-error.ts';
import type { EngineContext } from '../../engine/engine-context.ts';
import type { ImageRecord } from '../../engine/engine-context.ts';
import {
  localLookupNames,
  normalizedRepository,
  tryParseReference,
  type ImageReference,
} from '../../engine/image-lookup.ts';

const hexRe = /^[0-9a-f]{1,64}$/;

/** How a reference matched: by a name (which one) or by ID. `rmi` untags only by name. */
export interface ResolvedImage {
  image: ImageRecord;
  /** The stored name the reference matched; undefined when matched by ID or digest. */
  name?: string;
  byId: boolean;
  byDigest: boolean;
}

export function resolveImage(ctx: EngineContext, ref: string): ImageRecord {
  return resolveImageRef(ctx, ref).image;
}

/**
 * libimage's LookupImage order: the name as given, a full ID or unique ID prefix, then the
 * candidates of short-name resolution (alias, unqualified-search registries, localhost/), a
 * `repo@digest` match, and finally a unique image whose name ends in `/<ref>`.
 */
export function resolveImageRef(ctx: EngineContext, ref: string): ResolvedImage {
  const images = ctx.state.images;
  const exact = images.findImageByName(ref);
  if (exact) return { image: exact, name: ref, byId: false, byDigest: false };
  const byId = resolveById(ctx, ref);
  if (byId) return { image: byId, byId: true, byDigest: false };
  const parsed = tryParseReference(ref);
  if (parsed === undefined) throw notKnown(ref);
  for (const name of localLookupNames(ctx, ref, parsed)) {
    const image = images.findImageByName(name);
    if (image) return { image, name, byId: false, byDigest: false };
  }
  if (parsed.digest !== undefined) {
    const byDigest = findByDigest(ctx, parsed);
    if (byDigest) return { image: byDigest, byId: false, byDigest: true };
  }
  const suffixMatch = findBySuffix(ctx, ref, parsed);
  if (suffixMatch) return suffixMatch;
  throw notKnown(ref);
}

function notKnown(ref: string): BerthError {
  return new BerthError('NO_SUCH_IMAGE', `${ref}: image not known`);
}

function resolveById(ctx: EngineContext, ref: string): ImageRecord | undefined {
  const id = ref.startsWith('sha256:') ? ref.slice('sha256:'.length) : ref;
  if (!hexRe.test(id)) return undefined;
  const ids = ctx.state.images.findImageIdsByPrefix(id);
  if (ids.length > 1)
    throw new BerthError('AMBIGUOUS_REFERENCE', `${ref}: image ID prefix is ambiguous`);
  return ids[0] === undefined ? undefined : ctx.state.images.get(ids[0]);
}

/** `repo@sha256:…`: an image with that manifest digest holding a name in that repository. */
function findByDigest(ctx: EngineContext, parsed: ImageReference): ImageRecord | undefined {
  const repo = normalizedRepository(parsed);
  return ctx.state.images.list().find((image) => {
    if (image.manifestDigest !== parsed.digest) return false;
    if (repo === undefined)
      return image.names.some((name) => repoOfName(name).endsWith(`/${parsed.path}`));
    return image.names.some((name) => repoOfName(name) === repo);
  });
}

function findBySuffix(
  ctx: EngineContext,
  ref: string,
  parsed: ImageReference,
): ResolvedImage | undefined {
  if (parsed.domain !== undefined || parsed.digest !== undefined) return undefined;
  const wanted = `/${parsed.path}:${parsed.tag ?? 'latest'}`;
  const matches: ResolvedImage[] = [];
  for (const image of ctx.state.images.list()) {
    const name = image.names.find((candidate) => candidate.endsWith(wanted));
    if (name !== undefined) matches.push({ image, name, byId: false, byDigest: false });
  }
  if (matches.length > 1) {
    throw new BerthError(
      'AMBIGUOUS_REFERENCE',
      `${ref}: more than one image matches this short name: use a fully-qualified name`,
    );
  }
  return matches[0];
}

function repoOfName(name: string): string {
  const at = name.indexOf('@');
  const base = at === -1 ? name : name.slice(0, at);
  const colon = base.lastIndexOf(':');
  return colon > base.lastIndexOf('/') ? base.slice(0, colon) : base;
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
