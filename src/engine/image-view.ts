// Reads the parts of a stored image that the local image verbs show (config fields, history,
// names split into tags and digests), guarding the JSON shapes once. No writes.
import type { ImageRecord } from '../storage/image-records.ts';

export interface ImageConfigView {
  created: string | undefined;
  author: string;
  architecture: string;
  os: string;
  config: Record<string, unknown>;
  history: Record<string, unknown>[];
  diffIds: string[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

export function imageConfigView(image: ImageRecord): ImageConfigView {
  const config = isRecord(image.config) ? image.config : {};
  const rootfs = isRecord(config['rootfs']) ? config['rootfs'] : {};
  const diffIds = Array.isArray(rootfs['diff_ids'])
    ? rootfs['diff_ids'].filter((d): d is string => typeof d === 'string')
    : [];
  const history = Array.isArray(config['history']) ? config['history'].filter(isRecord) : [];
  return {
    created: typeof config['created'] === 'string' ? config['created'] : undefined,
    author: text(config['author']),
    architecture: text(config['architecture']),
    os: text(config['os']),
    config: isRecord(config['config']) ? config['config'] : {},
    history,
    diffIds,
  };
}

export function imageLabels(image: ImageRecord): Record<string, string> | null {
  const labels = imageConfigView(image).config['Labels'];
  if (!isRecord(labels)) return null;
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(labels))
    if (typeof value === 'string') out[key] = value;
  return out;
}

export function manifestAnnotations(image: ImageRecord): Record<string, string> {
  const manifest = isRecord(image.manifest) ? image.manifest : {};
  const annotations = isRecord(manifest['annotations']) ? manifest['annotations'] : {};
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(annotations))
    if (typeof value === 'string') out[key] = value;
  return out;
}

/** `registry/repo` of a stored name (`registry/repo:tag` or `registry/repo@digest`). */
export function repositoryOfName(name: string): string {
  const at = name.indexOf('@');
  const base = at === -1 ? name : name.slice(0, at);
  const colon = base.lastIndexOf(':');
  return colon > base.lastIndexOf('/') ? base.slice(0, colon) : base;
}

export function repoTags(image: ImageRecord): string[] {
  return image.names.filter((name) => !name.includes('@'));
}

/** One `repo@manifestDigest` per repository the image has a name in (podman's RepoDigests). */
export function repoDigests(image: ImageRecord): string[] {
  const digests = new Set(image.names.filter((name) => name.includes('@')));
  if (image.manifestDigest !== null) {
    for (const name of image.names)
      digests.add(`${repositoryOfName(name)}@${image.manifestDigest}`);
  }
  return [...digests];
}

/** Go's time.Time JSON (RFC 3339 with nanoseconds, trailing zeros dropped). */
export function goTimeString(iso: string): string {
  return iso.replace(/\.(\d*?)0+(Z|[+-]\d\d:\d\d)$/, (_all, digits: string, zone: string) =>
    digits === '' ? zone : `.${digits}${zone}`,
  );
}
