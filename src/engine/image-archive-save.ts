// `berth save`: images as a docker-archive (manifest.json, repositories, <diffID>.tar layers,
// <config>.json; several images share layers) or an oci-archive (OCI layout). The archive is
// written to a temp file next to the output and renamed into place; local storage is untouched.
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { open, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, basename, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import * as tar from 'tar-stream';
import { BerthError } from '../lib/berth-error.ts';
import { errnoText } from '../lib/errno-text.ts';
import { digestHex, sha256Digest, type Digest } from '../lib/digest.ts';
import { parseImageConfig, type Descriptor } from '../image/manifest-documents.ts';
import { parseReference, repositoryOf } from '../image/reference.ts';
import type { ImageSaveOptions } from '../domain/image-reports.ts';
import type { EngineContext, ImageRecord } from './engine-context.ts';
import { chainIds } from '../storage/layer-chain-id.ts';
import { exportLayer, ScratchDir, type ExportedLayer } from './image-push-layer.ts';
import { layerMediaType, renderManifest } from './image-push-media.ts';

export interface ArchiveEntry {
  name: string;
  bytes?: Buffer;
  file?: string;
}

interface SavedImage {
  names: string[];
  configBytes: Buffer;
  configDigest: Digest;
  layers: ExportedLayer[];
}

export async function saveImages(
  ctx: EngineContext,
  images: { image: ImageRecord; name: string | undefined }[],
  options: ImageSaveOptions,
): Promise<void> {
  // podman opens its destination before copying: a bad -o fails at once, in one line.
  const temp = await openTemp(options.output, images, options.format);
  try {
    await using scratch = await ScratchDir.create(ctx.options.env);
    const exported = new Map<string, ExportedLayer>();
    const saved: SavedImage[] = [];
    for (const { image, name } of images) {
      saved.push(await collectImage(ctx, image, name, scratch.path, exported));
    }
    const entries = options.format === 'oci-archive' ? ociEntries(saved) : dockerEntries(saved);
    await writeArchive(options.output, entries, temp);
    for (const { image } of images) ctx.events().image('save', image.id, options.output);
  } finally {
    await rm(temp, { force: true });
  }
}

/** Creates the temp file beside `output`, or throws podman's words for why it cannot. */
async function openTemp(
  output: string,
  images: readonly { name: string | undefined }[],
  format: ImageSaveOptions['format'],
): Promise<string> {
  const temp = join(dirname(output), `.${basename(output)}.berth-${process.pid}.tmp`);
  try {
    await (await open(temp, 'w')).close();
    return temp;
  } catch (error) {
    throw new BerthError('INVALID_ARGUMENT', openFailure(output, images, format, error), {
      cause: error,
    });
  }
}

/**
 * c/image's message: oci-archive resolves the path first (`lstat` of the first missing
 * directory); docker-archive opens the file, wrapped by copy's "initializing destination" for
 * one image (libimage's saveSingleImage) and bare for several (saveDockerArchive).
 */
function openFailure(
  output: string,
  images: readonly { name: string | undefined }[],
  format: ImageSaveOptions['format'],
  error: unknown,
): string {
  const reason = errnoText(error);
  if (format === 'oci-archive') {
    const missing = firstMissing(dirname(resolve(output)));
    if (missing !== undefined) return `lstat ${missing}: no such file or directory`;
    return `committing the finished image: creating tar file "${resolve(output)}": open ${resolve(output)}: ${reason}`;
  }
  const opening = `opening file "${output}": open ${output}: ${reason}`;
  const [only] = images;
  if (images.length !== 1 || only === undefined) return opening;
  const tag = only.name === undefined ? '' : `:${only.name}`;
  return `initializing destination docker-archive:${output}${tag}: ${opening}`;
}

/** The outermost ancestor of dir (itself included) that does not exist. */
function firstMissing(dir: string): string | undefined {
  if (existsSync(dir)) return undefined;
  const parent = dirname(dir);
  return parent === dir ? dir : (firstMissing(parent) ?? dir);
}

async function collectImage(
  ctx: EngineContext,
  image: ImageRecord,
  name: string | undefined,
  dir: string,
  exported: Map<string, ExportedLayer>,
): Promise<SavedImage> {
  const original = await ctx.content.read(image.configDigest);
  const config = parseImageConfig(original);
  const layers: ExportedLayer[] = [];
  for (const layerId of chainIds(config.diffIds)) {
    let layer = exported.get(layerId);
    if (layer === undefined) {
      layer = await exportLayer(ctx, layerId, dir, false);
      exported.set(layerId, layer);
    }
    layers.push(layer);
  }
  const diffIds = layers.map((layer) => layer.diffId);
  // A re-created tar can differ from the one first stored (other tar writer): then the saved
  // config lists the new diffIDs, and the image gets a new ID when loaded.
  const same = diffIds.every((diffId, index) => diffId === config.diffIds[index]);
  const rootfs = { type: 'layers', diff_ids: diffIds };
  const configBytes = same ? original : Buffer.from(JSON.stringify({ ...config.raw, rootfs }));
  const names = name !== undefined && image.names.includes(name) ? [name] : image.names;
  return { names, configBytes, configDigest: sha256Digest(configBytes), layers };
}

function dockerEntries(images: SavedImage[]): ArchiveEntry[] {
  const entries: ArchiveEntry[] = [];
  const written = new Set<string>();
  const manifest: unknown[] = [];
  const repositories: Record<string, Record<string, string>> = {};
  for (const image of images) {
    const configName = `${digestHex(image.configDigest)}.json`;
    if (!written.has(configName)) {
      written.add(configName);
      entries.push({ name: configName, bytes: image.configBytes });
    }
    const layerNames = image.layers.map((layer) => `${digestHex(layer.diffId)}.tar`);
    image.layers.forEach((layer, index) => {
      const layerName = layerNames[index] as string;
      if (written.has(layerName)) return;
      written.add(layerName);
      entries.push({ name: layerName, file: layer.path });
    });
    const tags = image.names.filter((name) => parseReference(name).tag !== undefined);
    manifest.push({ Config: configName, RepoTags: tags, Layers: layerNames });
    const top = image.layers.at(-1);
    for (const tag of tags) {
      const ref = parseReference(tag);
      const repository = repositoryOf(ref);
      repositories[repository] = {
        ...repositories[repository],
        [ref.tag as string]: top === undefined ? '' : digestHex(top.diffId),
      };
    }
  }
  entries.push({ name: 'manifest.json', bytes: Buffer.from(JSON.stringify(manifest)) });
  entries.push({ name: 'repositories', bytes: Buffer.from(JSON.stringify(repositories)) });
  return entries;
}

function ociEntries(images: SavedImage[]): ArchiveEntry[] {
  const entries: ArchiveEntry[] = [
    { name: 'oci-layout', bytes: Buffer.from(JSON.stringify({ imageLayoutVersion: '1.0.0' })) },
  ];
  const written = new Set<string>();
  const add = (digest: Digest, entry: Omit<ArchiveEntry, 'name'>) => {
    const name = `blobs/sha256/${digestHex(digest)}`;
    if (written.has(name)) return;
    written.add(name);
    entries.push({ name, ...entry });
  };
  const manifests: unknown[] = [];
  for (const image of images) {
    const layers: Descriptor[] = image.layers.map((layer) => ({
      mediaType: layerMediaType('oci', 'none'),
      digest: layer.diffId,
      size: layer.uncompressedSizeBytes,
    }));
    for (const layer of image.layers) add(layer.diffId, { file: layer.path });
    add(image.configDigest, { bytes: image.configBytes });
    const manifest = renderManifest(
      'oci',
      { digest: image.configDigest, size: image.configBytes.length },
      layers,
    );
    const manifestDigest = sha256Digest(manifest.bytes);
    add(manifestDigest, { bytes: manifest.bytes });
    const descriptor = {
      mediaType: manifest.mediaType,
      digest: manifestDigest,
      size: manifest.bytes.length,
    };
    const name = image.names[0];
    manifests.push(
      name === undefined
        ? descriptor
        : { ...descriptor, annotations: { 'org.opencontainers.image.ref.name': name } },
    );
  }
  entries.push({
    name: 'index.json',
    bytes: Buffer.from(JSON.stringify({ schemaVersion: 2, manifests })),
  });
  return entries;
}

/** Writes the tar to a temp file beside `output`, then renames it into place. */
export async function writeArchive(
  output: string,
  entries: ArchiveEntry[],
  temp = join(dirname(output), `.${basename(output)}.berth-${process.pid}.tmp`),
): Promise<void> {
  const pack = tar.pack();
  const written = pipeline(pack, createWriteStream(temp));
  written.catch(() => undefined);
  try {
    for (const entry of entries) await addEntry(pack, entry);
    pack.finalize();
    await written;
    await rename(temp, output);
  } catch (error) {
    pack.destroy(null);
    await rm(temp, { force: true });
    throw error;
  }
}

async function addEntry(pack: tar.Pack, entry: ArchiveEntry): Promise<void> {
  const header = { name: entry.name, mode: 0o644, mtime: new Date(0) };
  if (entry.bytes !== undefined) {
    await new Promise<void>((resolvePromise, reject) =>
      pack.entry(header, entry.bytes as Buffer, (error) =>
        error ? reject(error) : resolvePromise(),
      ),
    );
    return;
  }
  const file = entry.file as string;
  const { size } = await stat(file);
  await new Promise<void>((resolvePromise, reject) => {
    const sink = pack.entry({ ...header, size }, (error) =>
      error ? reject(error) : resolvePromise(),
    );
    const source = createReadStream(file);
    source.on('error', reject);
    sink.on('error', reject);
    source.on('data', (chunk) => {
      if (!sink.write(chunk)) {
        source.pause();
        sink.once('drain', () => source.resume());
      }
    });
    source.on('end', () => sink.end(undefined));
  });
}
