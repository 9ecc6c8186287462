// Turns what a user typed (a name, a short name, a full or partial ID) into one image or
// container, with podman's error words. This is policy: the CLI and the API share it.
import { BerthError } from '../../lib/berth-error.ts';
import type { EngineContext } from '../../engine/engine-context.ts';
import type { ImageRecord } from '../../engine/engine-context.ts';

const hexRe = /^[0-9a-f]{1,64}$/;

export function resolveImage(ctx: EngineContext, ref: string): ImageRecord {
  const images = ctx.state.images;
  const id = ref.startsWith('sha256:') ? ref.slice('sha256:'.length) : ref;
  for (const name of candidateNames(ref)) {
    const byName = images.findImageByName(name);
    if (byName) return byName;
  }
  if (hexRe.test(id)) {
    const ids = images.findImageIdsByPrefix(id);
    if (ids.length > 1) throw new BerthError('INVALID_ARGUMENT', `${ref}: image ID prefix is ambiguous`);
    const image = ids[0] === undefined ? undefined : images.get(ids[0]);
    if (image) return image;
  }
  const bySuffix = images.list().filter((image) => image.names.some((name) => matchesShortName(name, ref)));
  if (bySuffix.length === 1 && bySuffix[0]) return bySuffix[0];
  throw new BerthError('NO_SUCH_IMAGE', `${ref}: image not known`);
}

/** The names podman tries for a local lookup: as given, with :latest, under localhost/ and docker.io. */
function candidateNames(ref: string): string[] {
  const hasTag = /:[^/]+$/.test(ref) || ref.includes('@');
  const withTag = hasTag ? ref : `${ref}:latest`;
  const names = [ref, withTag];
  const first = ref.split('/')[0] ?? '';
  const qualified = ref.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (!qualified) {
    names.push(`localhost/${withTag}`);
    names.push(ref.includes('/') ? `docker.io/${withTag}` : `docker.io/library/${withTag}`);
  }
  return names;
}

function matchesShortName(name: string, ref: string): boolean {
  const wanted = /:[^/]+$/.test(ref) ? ref : `${ref}:latest`;
  return name.endsWith(`/${wanted}`);
}

export function resolveContainerId(ctx: EngineContext, ref: string): string {
  const containers = ctx.state.containers;
  if (containers.get(ref)) return ref;
  const byName = containers.getByName(ref);
  if (byName) return byName.id;
  if (hexRe.test(ref)) {
    const ids = containers.findIdsByPrefix(ref);
    if (ids.length > 1) throw new BerthError('INVALID_ARGUMENT', `more than one result for container "${ref}"`);
    if (ids[0] !== undefined) return ids[0];
  }
  throw new BerthError('NO_SUCH_CONTAINER', `no container with name or ID "${ref}" found: no such container`);
}
