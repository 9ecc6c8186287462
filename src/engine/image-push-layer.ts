// One stored layer as a blob for push and save: the diff dir → layer tar (image/layer-tar.ts) →
// optional gzip, into a temp file, with its diffID, blob digest and size. Never changes the store.
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { BerthError } from '../lib/berth-error.ts';
import type { Digest } from '../lib/digest.ts';
import { createLayerTar } from '../image/layer-tar.ts';
import { DigestingMeter } from '../image/pull-progress.ts';
import type { EngineContext } from './engine-context.ts';

export interface ExportedLayer {
  path: string;
  /** sha256 of the uncompressed tar. */
  diffId: Digest;
  /** sha256 of the file as written (= diffId when not compressed). */
  digest: Digest;
  sizeBytes: number;
  uncompressedSizeBytes: number;
}

/** A temp dir under TMPDIR removed on dispose. */
export class ScratchDir implements AsyncDisposable {
  private constructor(readonly path: string) {}

  static async create(env: NodeJS.ProcessEnv): Promise<ScratchDir> {
    return new ScratchDir(await mkdtemp(join(env['TMPDIR'] ?? tmpdir(), 'berth-layers-')));
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await rm(this.path, { recursive: true, force: true });
  }
}

/** Writes layer `layerId` as a tar (gzip when `gzip`) into `dir`; the name is the blob's hex. */
export async function exportLayer(
  ctx: EngineContext,
  layerId: string,
  dir: string,
  gzip: boolean,
): Promise<ExportedLayer> {
  const layer = ctx.state.read(() => ctx.state.layers.get(layerId));
  if (layer === undefined)
    throw new BerthError('NO_SUCH_LAYER', `layer ${layerId} not known`, {
      hint: 'the image is damaged; pull or load it again',
    });
  if (ctx.layers.driver === 'vfs' && layer.parent !== null)
    throw new BerthError(
      'STORAGE',
      `exporting layer ${layerId.slice(0, 12)}: the vfs driver keeps full snapshots, not diffs; only single-layer images can be exported with vfs`,
    );
  const path = join(dir, `${layerId}.${gzip ? 'tar.gz' : 'tar'}`);
  const tarMeter = new DigestingMeter();
  const blobMeter = new DigestingMeter();
  const source = createLayerTar(ctx.layers.diffPath(layerId));
  if (gzip)
    await pipeline(
      source,
      tarMeter,
      createGzip({ chunkSize: 1 << 20 }),
      blobMeter,
      createWriteStream(path),
    );
  else await pipeline(source, tarMeter, createWriteStream(path));
  const last = gzip ? blobMeter : tarMeter;
  return {
    path,
    diffId: tarMeter.digest(),
    digest: last.digest(),
    sizeBytes: last.sizeBytes,
    uncompressedSizeBytes: tarMeter.sizeBytes,
  };
}
