// `berth load`: a docker-archive or oci-archive (plain or gzip) unpacked into a temp dir, then its
// layers go through the pull's own pieces (planLayers/fetchLayers: overlay rewrite, diffID check,
// staged commit) and the ImageWriter. A bad archive stores nothing.
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { open, readFile, realpath } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { BerthError, messageOf } from '../lib/berth-error.ts';
import { detectCompression } from '../lib/compression.ts';
import { sha256Digest, type Digest } from '../lib/digest.ts';
import { decompress } from '../host/decompress.ts';
import { extractTar } from '../host/tar-extract.ts';
import { normalizeLocalName } from '../image/local-name.ts';
import {
  choosePlatform,
  hostPlatform,
  parseImageConfig,
  parseManifestDocument,
  type Descriptor,
} from '../image/manifest-documents.ts';
import type { BlobSource } from '../image/registry/blob-source.ts';
import type { ImageLoadOptions, ImageLoadReport } from '../domain/image-reports.ts';
import type { EngineContext } from './engine-context.ts';
import { fetchLayers, planLayers } from './image-pull-layers.ts';
import { ImageWriter } from './image-writer.ts';
import { sweepStagedLayers } from './image-staging-sweep.ts';
import { ScratchDir } from './image-push-layer.ts';
import { layerMediaType, renderManifest } from './image-push-media.ts';

/** One image found in an archive: its documents and where each blob lies in the unpacked dir. */
interface ArchivedImage {
  names: string[];
  configBytes: Buffer;
  configDigest: Digest;
  manifestBytes: Buffer;
  manifestMediaType: string;
  blobs: Map<Digest, string>;
}

export async function loadImages(
  ctx: EngineContext,
  options: ImageLoadOptions,
): Promise<ImageLoadReport> {
  await using scratch = await ScratchDir.create(ctx.options.env);
  await unpack(options.input, scratch.path);
  const images = existsSync(join(scratch.path, 'manifest.json'))
    ? await dockerImages(scratch.path)
    : existsSync(join(scratch.path, 'index.json'))
      ? await ociImages(scratch.path)
      : invalidArchive(options.input, 'neither manifest.json nor index.json found');
  await sweepStagedLayers(ctx);
  const loaded: string[] = [];
  for (const image of images) loaded.push(...(await storeImage(ctx, image)));
  ctx.events().image('loadfromarchive', undefined, options.input);
  return { loaded };
}

function invalidArchive(input: string, detail: string): never {
  throw new BerthError(
    'ARCHIVE_INVALID',
    `payload does not match any of the supported image formats: ${input}: ${detail}`,
    { hint: 'load reads docker-archive and oci-archive files (plain or gzip) made by save' },
  );
}

async function unpack(input: string, dir: string): Promise<void> {
  let head: Buffer;
  try {
    const handle = await open(input, 'r');
    head = Buffer.alloc(8);
    const { bytesRead } = await handle.read(head, 0, 8, 0);
    head = head.subarray(0, bytesRead);
    await handle.close();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new BerthError('INVALID_ARGUMENT', `opening ${input}: ${code}`, { cause: error });
  }
  try {
    await extractTar(decompress(createReadStream(input), detectCompression(head)), dir);
  } catch (error) {
    invalidArchive(input, messageOf(error).replace(/^extracting layer: /, ''));
  }
}

/** A path named inside the archive, resolved (symlinks too) and kept inside `dir`. */
async function member(dir: string, name: string): Promise<string> {
  const path = await realpath(join(dir, name)).catch(() =>
    invalidArchive(dir, `${name} is missing`),
  );
  const root = await realpath(dir);
  if (!path.startsWith(root + sep)) invalidArchive(dir, `${name} points outside the archive`);
  return path;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringList(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : [];
}

async function readJson(dir: string, path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as unknown;
  } catch (error) {
    return invalidArchive(dir, `${path.slice(dir.length + 1)}: ${messageOf(error)}`);
  }
}

async function dockerImages(dir: string): Promise<ArchivedImage[]> {
  const entries = await readJson(dir, join(dir, 'manifest.json'));
  if (!Array.isArray(entries)) return invalidArchive(dir, 'manifest.json is not a list');
  const images: ArchivedImage[] = [];
  for (const entry of entries) {
    if (!isObject(entry) || typeof entry['Config'] !== 'string')
      return invalidArchive(dir, 'manifest.json entry without Config');
    const configBytes = await readFile(await member(dir, entry['Config']));
    const blobs = new Map<Digest, string>();
    const layers: Descriptor[] = [];
    for (const name of stringList(entry['Layers'])) {
      const path = await member(dir, name);
      const { digest, size, gzip } = await describeFile(path);
      blobs.set(digest, path);
      layers.push({ mediaType: layerMediaType('v2s2', gzip ? 'gzip' : 'none'), digest, size });
    }
    const configDigest = sha256Digest(configBytes);
    const manifest = renderManifest(
      'v2s2',
      { digest: configDigest, size: configBytes.length },
      layers,
    );
    images.push({
      names: stringList(entry['RepoTags']),
      configBytes,
      configDigest,
      manifestBytes: manifest.bytes,
      manifestMediaType: manifest.mediaType,
      blobs,
    });
  }
  return images;
}

async function describeFile(
  path: string,
): Promise<{ digest: Digest; size: number; gzip: boolean }> {
  const hash = createHash('sha256');
  let size = 0;
  let first: Buffer | undefined;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    const buffer = chunk as Buffer;
    first ??= buffer;
    hash.update(buffer);
    size += buffer.length;
  }
  const gzip = first !== undefined && detectCompression(first) === 'gzip';
  return { digest: `sha256:${hash.digest('hex')}` as Digest, size, gzip };
}

async function ociImages(dir: string): Promise<ArchivedImage[]> {
  const index = await readJson(dir, join(dir, 'index.json'));
  if (!isObject(index) || !Array.isArray(index['manifests']))
    return invalidArchive(dir, 'index.json has no manifests');
  const blob = (digest: string) => member(dir, `blobs/${digest.replace(':', '/')}`);
  const images: ArchivedImage[] = [];
  for (const entry of index['manifests']) {
    if (!isObject(entry) || typeof entry['digest'] !== 'string') continue;
    let bytes = await readFile(await blob(entry['digest']));
    let document = parseManifestDocument(bytes, String(entry['mediaType'] ?? ''));
    if (document.kind === 'index') {
      const chosen = choosePlatform(document, hostPlatform());
      bytes = await readFile(await blob(chosen.digest));
      document = parseManifestDocument(bytes, chosen.mediaType);
    }
    if (document.kind !== 'manifest') return invalidArchive(dir, 'nested index');
    const blobs = new Map<Digest, string>();
    for (const layer of document.layers) blobs.set(layer.digest, await blob(layer.digest));
    const configBytes = await readFile(await blob(document.config.digest));
    const annotations = isObject(entry['annotations']) ? entry['annotations'] : {};
    const refName = annotations['org.opencontainers.image.ref.name'];
    images.push({
      names: typeof refName === 'string' && refName.includes(':') ? [refName] : [],
      configBytes,
      configDigest: sha256Digest(configBytes),
      manifestBytes: bytes,
      manifestMediaType: document.mediaType,
      blobs,
    });
  }
  return images;
}

/** The archive's blobs as a BlobSource, so the pull's layer pipeline reads them. */
function archiveBlobSource(blobs: Map<Digest, string>): BlobSource {
  return {
    openBlob: async (digest, options = {}) => {
      const path = blobs.get(digest);
      if (path === undefined)
        throw new BerthError('BLOB_UNKNOWN', `blob ${digest} is not in the archive`);
      const stream = createReadStream(path, { highWaterMark: 1 << 20, start: options.offset ?? 0 });
      return { stream, sizeBytes: options.sizeBytes };
    },
  };
}

async function storeImage(ctx: EngineContext, image: ArchivedImage): Promise<string[]> {
  const config = parseImageConfig(image.configBytes);
  const manifest = parseManifestDocument(image.manifestBytes, image.manifestMediaType);
  if (manifest.kind !== 'manifest') throw new BerthError('INTERNAL', 'expected an image manifest');
  if (manifest.config.digest !== image.configDigest)
    throw new BerthError(
      'DIGEST_MISMATCH',
      `config digest does not match ${manifest.config.digest}`,
    );
  const plans = planLayers(ctx, manifest.layers, config.diffIds);
  const source = archiveBlobSource(image.blobs);
  await fetchLayers({ ctx, source, plans, reporter: () => undefined });
  const names = image.names.map((name) => normalizeLocalName(name));
  const { id } = await new ImageWriter(ctx).write({
    configBytes: image.configBytes,
    manifestBytes: image.manifestBytes,
    manifestMediaType: image.manifestMediaType,
    names,
  });
  // An unnamed image is reported by its ID.
  return names.length === 0 ? [`sha256:${id}`] : names;
}
