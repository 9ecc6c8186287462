// `berth import`: a rootfs tarball (plain, gzip or zstd) becomes a one-layer image: the layer
// through LayerIngest, then the config and manifest through the ImageWriter.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { BerthError } from '../lib/berth-error.ts';
import { detectCompression } from '../lib/compression.ts';
import { digestHex, sha256Digest } from '../lib/digest.ts';
import { decompress } from '../host/decompress.ts';
import { applyChanges } from '../image/change-instructions.ts';
import { normalizeLocalName } from '../image/local-name.ts';
import { buildImageConfig, buildImageManifest } from '../image/image-documents.ts';
import { goArchName } from '../lib/version-report.ts';
import type { ImageImportOptions, ImageImportReport } from '../domain/image-reports.ts';
import type { EngineContext } from './engine-context.ts';
import { LayerIngest } from './image-layer-ingest.ts';
import { ImageWriter } from './image-writer.ts';

export async function importImage(
  ctx: EngineContext,
  options: ImageImportOptions,
): Promise<ImageImportReport> {
  const name = options.reference === undefined ? undefined : normalizeLocalName(options.reference);
  const runConfig = applyChanges({}, options.changes);
  const compression = detectCompression(await readHead(options.source));
  const tar = decompress(createReadStream(options.source), compression);
  const layer = await new LayerIngest(ctx.layers).ingest(tar, null);
  const created = new Date().toISOString();
  const config = buildImageConfig({
    created,
    architecture: goArchName(),
    os: 'linux',
    config: runConfig,
    diffIds: [layer.diffId],
    history: [
      {
        created,
        created_by: `/bin/sh -c #(nop) ADD file:${digestHex(layer.diffId)} in / `,
        ...(options.message ? { comment: options.message } : {}),
      },
    ],
  });
  const configBytes = Buffer.from(JSON.stringify(config));
  const manifest = buildImageManifest({
    configDigest: sha256Digest(configBytes),
    configSize: configBytes.length,
    layers: [{ digest: layer.diffId, size: layer.sizeBytes }],
  });
  const { id } = await new ImageWriter(ctx).write({
    configBytes,
    manifestBytes: Buffer.from(JSON.stringify(manifest)),
    manifestMediaType: manifest.mediaType,
    names: name === undefined ? [] : [name],
  });
  ctx.events().image('import', id, options.source);
  return { id };
}

async function readHead(path: string): Promise<Buffer> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new BerthError(
      'INVALID_ARGUMENT',
      code === 'ENOENT' ? `stat ${path}: no such file or directory` : `opening ${path}: ${code}`,
      { cause: error },
    );
  }
  try {
    const head = Buffer.alloc(8);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return head.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
