// `berth import`: a rootfs tarball (plain, gzip or zstd) becomes a one-layer image. The layer is
// extracted into staging, hashed on the way (its diffID), committed, and only then the config,
// manifest and DB rows make the image visible.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { BerthError } from '../lib/berth-error.ts';
import { detectCompression } from '../lib/compression.ts';
import { digestHex, sha256Digest, type Digest } from '../lib/digest.ts';
import { decompress } from '../host/decompress.ts';
import { extractTar } from '../host/tar-extract.ts';
import { applyChanges } from '../image/change-instructions.ts';
import { normalizeLocalName } from '../image/local-name.ts';
import { buildImageConfig, buildImageManifest } from '../image/image-documents.ts';
import { goArchName } from '../lib/version-report.ts';
import type { ImageImportOptions, ImageImportReport } from '../domain/image-reports.ts';
import type { EngineContext } from './engine-context.ts';

export async function importImage(ctx: EngineContext, options: ImageImportOptions): Promise<ImageImportReport> {
  const name = options.reference === undefined ? undefined : normalizeLocalName(options.reference);
  const runConfig = applyChanges({}, options.changes);
  const layer = await importLayer(ctx, options.source);
  const created = new Date().toISOString();
  const config = buildImageConfig({
    created,
    architecture: goArchName(),
    os: 'linux',
    config: runConfig,
    diffIds: [layer.diffId],
    history: [{ created, created_by: `/bin/sh -c #(nop) ADD file:${digestHex(layer.diffId)} in / `, ...(options.message ? { comment: options.message } : {}) }],
  });
  const configBytes = Buffer.from(JSON.stringify(config));
  const configDigest = sha256Digest(configBytes);
  await ctx.content.put(configBytes, configDigest);
  const manifest = buildImageManifest({ configDigest, configSize: configBytes.length, layers: [{ digest: layer.diffId, size: layer.sizeBytes }] });
  const manifestBytes = Buffer.from(JSON.stringify(manifest));
  const manifestDigest = sha256Digest(manifestBytes);
  await ctx.content.put(manifestBytes, manifestDigest);
  const id = digestHex(configDigest);
  ctx.state.write(() => {
    if (!ctx.state.images.get(id)) {
      ctx.state.images.insert({
        id,
        topLayer: layer.id,
        configDigest,
        manifestDigest,
        manifestMediaType: manifest.mediaType,
        created,
        // containers/storage counts the image's own documents (config, manifest) in its size.
        sizeBytes: layer.sizeBytes + configBytes.length + manifestBytes.length,
        config,
        manifest,
        names: [],
      });
    }
    if (name !== undefined) {
      ctx.state.images.removeName(name);
      ctx.state.images.addName(id, name);
    }
  });
  ctx.events().image('import', id, options.source);
  return { id };
}

interface ImportedLayer {
  id: string;
  diffId: Digest;
  sizeBytes: number;
}

async function importLayer(ctx: EngineContext, source: string): Promise<ImportedLayer> {
  const compression = detectCompression(await readHead(source));
  const hash = createHash('sha256');
  let sizeBytes = 0;
  const counter = new PassThrough();
  counter.on('data', (chunk: Buffer) => {
    hash.update(chunk);
    sizeBytes += chunk.length;
  });
  await using staged = await ctx.layers.beginLayer();
  const uncompressed = decompress(createReadStream(source), compression);
  uncompressed.on('error', (error) => counter.destroy(error));
  await extractTar(uncompressed.pipe(counter), staged.diffPath);
  const diffId = `sha256:${hash.digest('hex')}` as Digest;
  const id = digestHex(diffId);
  if (ctx.state.layers.get(id)) return { id, diffId, sizeBytes };
  await staged.commit(id, null, { diffDigest: diffId, compressedDigest: null, uncompressedSizeBytes: sizeBytes });
  return { id, diffId, sizeBytes };
}

async function readHead(path: string): Promise<Buffer> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new BerthError('INVALID_ARGUMENT', code === 'ENOENT' ? `stat ${path}: no such file or directory` : `opening ${path}: ${code}`, { cause: error });
  }
  try {
    const head = Buffer.alloc(8);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return head.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
