// Guards for registry documents (OCI and Docker schema2 manifests and indexes, image configs) and
// the platform choice from an index. Pure: bytes in, typed data or BerthError out.
import { BerthError } from '../lib/berth-error.ts';
import type { Compression } from '../lib/compression.ts';
import { isDigest, type Digest } from '../lib/digest.ts';
import { goArchName } from '../lib/version-report.ts';

export const manifestMediaTypes = {
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
} as const;

const manifestTypes: readonly string[] = [
  manifestMediaTypes.ociManifest,
  manifestMediaTypes.dockerManifest,
];
const indexTypes: readonly string[] = [manifestMediaTypes.ociIndex, manifestMediaTypes.dockerList];

export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

export interface Descriptor {
  mediaType: string;
  digest: Digest;
  size: number;
  platform?: Platform;
  annotations?: Record<string, string>;
}

export type ManifestDocument =
  | {
      kind: 'manifest';
      mediaType: string;
      config: Descriptor;
      layers: Descriptor[];
      raw: Record<string, unknown>;
    }
  | { kind: 'index'; mediaType: string; manifests: Descriptor[]; raw: Record<string, unknown> };

/** The parts of an image config a pull needs; the whole document is kept as `raw`. */
export interface ImageConfigDocument {
  architecture: string;
  os: string;
  created: string | undefined;
  diffIds: Digest[];
  raw: Record<string, unknown>;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalid(what: string, detail: string): BerthError {
  return new BerthError('INVALID_ARGUMENT', `invalid ${what}: ${detail}`);
}

function parseJson(bytes: Buffer, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw new BerthError('INVALID_ARGUMENT', `invalid ${what}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (!isObject(value)) throw invalid(what, 'not a JSON object');
  return value;
}

function descriptor(value: unknown, what: string): Descriptor {
  if (!isObject(value)) throw invalid(what, 'descriptor is not an object');
  const { mediaType, digest, size, platform, annotations } = value;
  if (typeof mediaType !== 'string') throw invalid(what, 'descriptor without mediaType');
  if (typeof digest !== 'string' || !isDigest(digest))
    throw invalid(what, `unsupported digest ${JSON.stringify(digest)}`);
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0)
    throw invalid(what, `bad size for ${digest}`);
  const out: Descriptor = { mediaType, digest, size };
  if (
    isObject(platform) &&
    typeof platform['os'] === 'string' &&
    typeof platform['architecture'] === 'string'
  ) {
    out.platform = { os: platform['os'], architecture: platform['architecture'] };
    if (typeof platform['variant'] === 'string' && platform['variant'] !== '')
      out.platform.variant = platform['variant'];
  }
  if (isObject(annotations)) {
    out.annotations = Object.fromEntries(
      Object.entries(annotations).filter(
        (entry): entry is [string, string] => typeof entry[1] === 'string',
      ),
    );
  }
  return out;
}

/** The media type from Content-Type, else from the body (`mediaType`, or the shape). */
function effectiveMediaType(raw: Record<string, unknown>, contentType: string): string {
  const header = contentType.split(';')[0]?.trim() ?? '';
  if ([...manifestTypes, ...indexTypes].includes(header)) return header;
  if (typeof raw['mediaType'] === 'string' && raw['mediaType'] !== '') return raw['mediaType'];
  if (raw['schemaVersion'] === 1) return 'application/vnd.docker.distribution.manifest.v1+json';
  if (Array.isArray(raw['manifests'])) return manifestMediaTypes.ociIndex;
  if (isObject(raw['config'])) return manifestMediaTypes.ociManifest;
  return header;
}

/** Parses a manifest or index; schema 1 and unknown types are refused. */
export function parseManifestDocument(bytes: Buffer, contentType: string): ManifestDocument {
  const raw = parseJson(bytes, 'manifest');
  const mediaType = effectiveMediaType(raw, contentType);
  if (indexTypes.includes(mediaType)) {
    if (!Array.isArray(raw['manifests'])) throw invalid('manifest list', 'no manifests');
    return {
      kind: 'index',
      mediaType,
      manifests: raw['manifests'].map((entry) => descriptor(entry, 'manifest list')),
      raw,
    };
  }
  if (!manifestTypes.includes(mediaType)) {
    throw new BerthError('NOT_SUPPORTED', `unsupported manifest type "${mediaType}"`, {
      hint: 'berth pulls OCI and Docker schema 2 images; schema 1 images must be converted by their publisher',
    });
  }
  if (raw['schemaVersion'] !== 2)
    throw invalid('manifest', `schemaVersion ${String(raw['schemaVersion'])}`);
  if (!Array.isArray(raw['layers'])) throw invalid('manifest', 'no layers');
  return {
    kind: 'manifest',
    mediaType,
    config: descriptor(raw['config'], 'manifest'),
    layers: raw['layers'].map((entry) => descriptor(entry, 'manifest')),
    raw,
  };
}

export function parseImageConfig(bytes: Buffer): ImageConfigDocument {
  const raw = parseJson(bytes, 'image config');
  const rootfs = raw['rootfs'];
  const diffIds =
    isObject(rootfs) && Array.isArray(rootfs['diff_ids']) ? rootfs['diff_ids'] : undefined;
  if (
    diffIds === undefined ||
    !diffIds.every((id): id is Digest => typeof id === 'string' && isDigest(id))
  ) {
    throw invalid('image config', 'rootfs.diff_ids missing or not sha256 digests');
  }
  return {
    architecture: typeof raw['architecture'] === 'string' ? raw['architecture'] : '',
    os: typeof raw['os'] === 'string' ? raw['os'] : '',
    created: typeof raw['created'] === 'string' ? raw['created'] : undefined,
    diffIds,
    raw,
  };
}

/** The host's platform in Go's names (linux/amd64, linux/arm64/v8…). */
export function hostPlatform(): Platform {
  const architecture = goArchName();
  if (architecture === 'arm64') return { os: 'linux', architecture, variant: 'v8' };
  return { os: 'linux', architecture };
}

/** `--platform os/arch[/variant]`. */
export function parsePlatform(text: string): Platform {
  const [os, architecture, variant, extra] = text.split('/');
  if (!os || !architecture || extra !== undefined || variant === '') {
    throw new BerthError(
      'INVALID_ARGUMENT',
      `invalid platform syntax for --platform="${text}": use OS/ARCH[/VARIANT]`,
    );
  }
  return variant === undefined ? { os, architecture } : { os, architecture, variant };
}

function normalizedVariant(platform: Platform): string {
  if (
    platform.architecture === 'arm64' &&
    (platform.variant === undefined || platform.variant === 'v8')
  )
    return 'v8';
  return platform.variant ?? '';
}

/**
 * The index entry for `wanted`: same os and architecture, and the variant when one is wanted.
 * `source` (`docker://host/repo:tag`) names the index in the error, as podman does.
 */
export function choosePlatform(
  index: Extract<ManifestDocument, { kind: 'index' }>,
  wanted: Platform,
  source?: string,
): Descriptor {
  const candidates = index.manifests.filter(
    (entry) =>
      entry.platform !== undefined &&
      entry.platform.os === wanted.os &&
      entry.platform.architecture === wanted.architecture &&
      manifestTypes.includes(entry.mediaType),
  );
  const wantedVariant = normalizedVariant(wanted);
  const exact = candidates.find(
    (entry) => entry.platform !== undefined && normalizedVariant(entry.platform) === wantedVariant,
  );
  const chosen = exact ?? (wanted.variant === undefined ? candidates[0] : undefined);
  if (chosen) return chosen;
  const kind = index.mediaType === manifestMediaTypes.dockerList ? 'manifest list' : 'image index';
  throw new BerthError(
    'NO_SUCH_IMAGE',
    `choosing an image from manifest list${source === undefined ? '' : ` ${source}`}: no image found in ${kind} for architecture ${wanted.architecture}, variant "${wanted.variant ?? ''}", OS ${wanted.os}`,
  );
}

/** Decompression for a layer media type; zstd:chunked is plain zstd to a reader. */
export function layerCompression(mediaType: string): Compression {
  if (mediaType.endsWith('+gzip') || mediaType.endsWith('.tar.gzip') || mediaType.endsWith('.gzip'))
    return 'gzip';
  if (mediaType.endsWith('+zstd') || mediaType.endsWith('.zstd')) return 'zstd';
  if (mediaType.endsWith('.tar') || mediaType.endsWith('diff.tar')) return 'none';
  throw new BerthError('NOT_SUPPORTED', `unsupported layer media type "${mediaType}"`);
}
