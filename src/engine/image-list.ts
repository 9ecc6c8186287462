// `berth images`: one summary per image, with podman's JSON field names, narrowed by podman's
// --filter keys (dangling, reference, before, since, label, id, readonly, intermediate).
import { BerthError } from '../lib/berth-error.ts';
import type { ImageListOptions, ImageSummary } from '../domain/image-reports.ts';
import type { ImageRecord } from '../storage/image-records.ts';
import type { EngineContext } from './engine-context.ts';
import { imageLabels, repoDigests, repoTags, repositoryOfName } from './image-view.ts';

/** Resolves a user reference (for before/since) to an image; throws NO_SUCH_IMAGE. */
export type ImageResolver = (ref: string) => ImageRecord;

export async function listImages(
  ctx: EngineContext,
  options: ImageListOptions,
  resolve?: ImageResolver,
): Promise<ImageSummary[]> {
  const inUse = new Map<string, number>();
  for (const container of ctx.state.containers.list()) {
    if (container.imageId) inUse.set(container.imageId, (inUse.get(container.imageId) ?? 0) + 1);
  }
  const accept = compileFilters(options.filters ?? [], resolve);
  return ctx.state.images
    .list()
    .filter(accept)
    .map((image) => {
      const createdMs = Date.parse(image.created);
      return {
        Id: image.id,
        ParentId: '',
        RepoTags: repoTags(image),
        RepoDigests: repoDigests(image),
        Size: image.sizeBytes,
        SharedSize: 0,
        VirtualSize: image.sizeBytes,
        Labels: imageLabels(image) ?? {},
        Containers: inUse.get(image.id) ?? 0,
        Names: image.names,
        Digest: image.manifestDigest ?? '',
        History: image.names,
        Created: Math.floor(createdMs / 1000),
        CreatedAt: image.created,
      };
    });
}

type ImagePredicate = (image: ImageRecord) => boolean;

/** Same key: any value may match (OR); different keys: all must match (AND). */
function compileFilters(
  filters: readonly string[],
  resolve: ImageResolver | undefined,
): ImagePredicate {
  const byKey = new Map<string, ImagePredicate[]>();
  for (const filter of filters) {
    const eq = filter.indexOf('=');
    const key = eq === -1 ? filter : filter.slice(0, eq);
    const value = eq === -1 ? '' : filter.slice(eq + 1);
    const predicate = compileFilter(key, value, resolve);
    byKey.set(key, [...(byKey.get(key) ?? []), predicate]);
  }
  const groups = [...byKey.values()];
  return (image) => groups.every((group) => group.some((predicate) => predicate(image)));
}

function compileFilter(
  key: string,
  value: string,
  resolve: ImageResolver | undefined,
): ImagePredicate {
  switch (key) {
    case 'dangling':
    case 'intermediate':
    case 'readonly': {
      const wanted = parseBool(key, value);
      if (key === 'dangling') return (image) => (image.names.length === 0) === wanted;
      return () => !wanted;
    }
    case 'reference':
      return (image) => image.names.some((name) => referenceMatches(value, name));
    case 'id':
      return (image) => image.id.startsWith(value.replace(/^sha256:/, ''));
    case 'label':
      return labelFilter(value);
    case 'before':
    case 'since': {
      if (resolve === undefined)
        throw new BerthError('INVALID_ARGUMENT', `unsupported image filter "${key}"`);
      const pivot = Date.parse(resolve(value).created);
      return key === 'before'
        ? (image) => Date.parse(image.created) < pivot
        : (image) => Date.parse(image.created) > pivot;
    }
    default:
      throw new BerthError('INVALID_ARGUMENT', `unsupported image filter "${key}"`);
  }
}

function parseBool(key: string, value: string): boolean {
  if (value === '' || value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw new BerthError(
    'INVALID_ARGUMENT',
    `non-boolean value ${JSON.stringify(value)} for ${key} filter`,
  );
}

function labelFilter(value: string): ImagePredicate {
  const eq = value.indexOf('=');
  const key = eq === -1 ? value : value.slice(0, eq);
  const wanted = eq === -1 ? undefined : value.slice(eq + 1);
  return (image) => {
    const labels = imageLabels(image) ?? {};
    if (!(key in labels)) return false;
    return wanted === undefined || labels[key] === wanted;
  };
}

/** podman matches the pattern (a glob) against the name, its repository, and both without the registry. */
function referenceMatches(pattern: string, name: string): boolean {
  const repo = repositoryOfName(name);
  const slash = name.indexOf('/');
  const candidates = [name, repo];
  if (slash !== -1) candidates.push(name.slice(slash + 1), repo.slice(slash + 1));
  if (name.startsWith('docker.io/library/'))
    candidates.push(
      name.slice('docker.io/library/'.length),
      repo.slice('docker.io/library/'.length),
    );
  const re = globToRegExp(pattern);
  return candidates.some((candidate) => re.test(candidate));
}

/** Go's filepath.Match: `*` and `?` stop at `/`, `[...]` classes. */
function globToRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charAt(i);
    if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end === -1) source += '\\[';
      else {
        source += `[${pattern
          .slice(i + 1, end)
          .replace(/^\^/, '^')
          .replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else source += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}
