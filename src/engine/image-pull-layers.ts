// Fetches an image's missing layers (bounded parallel), each streamed: blob (digest checked by the
// client) → decompress → diffID hash → overlay rewrite → GNU tar into a staged layer; then commits
// them in chain order. On any error every staged layer is discarded; nothing half-made is visible.
import { createHash } from 'node:crypto';
import { finished, pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { BerthError } from '../lib/berth-error.ts';
import { digestHex, type Digest } from '../lib/digest.ts';
import { decompress } from '../host/decompress.ts';
import { extractTar } from '../host/tar-extract.ts';
import { createLayerTransform } from '../image/layer-transform.ts';
import { layerCompression, type Descriptor } from '../image/manifest-documents.ts';
import { DigestingMeter } from '../image/pull-progress.ts';
import type { RegistryClient } from '../image/registry/registry-client.ts';
import type { StagedLayer } from '../storage/layer-store.ts';
import type { ImagePullReporter } from '../domain/image-reports.ts';
import type { EngineContext } from './engine-context.ts';

export interface LayerPlan {
  blob: Descriptor;
  diffId: Digest;
  /** Layer id: hex of the OCI chain ID. */
  id: string;
  parent: string | null;
  present: boolean;
  /** Filled once extracted. */
  uncompressedSizeBytes?: number;
}

/** OCI ChainIDs as layer ids: chain(L0) = diffID(L0); chain(Ln) = sha256(chain(Ln-1) + " " + diffID(Ln)). */
export function chainIds(diffIds: readonly Digest[]): string[] {
  const ids: string[] = [];
  let previous: string | undefined;
  for (const diffId of diffIds) {
    const chain =
      previous === undefined
        ? diffId
        : `sha256:${createHash('sha256').update(`${previous} ${diffId}`).digest('hex')}`;
    ids.push(chain.slice('sha256:'.length));
    previous = chain;
  }
  return ids;
}

export function planLayers(
  ctx: EngineContext,
  blobs: readonly Descriptor[],
  diffIds: readonly Digest[],
): LayerPlan[] {
  if (blobs.length !== diffIds.length) {
    throw new BerthError(
      'INVALID_ARGUMENT',
      `invalid image: the manifest lists ${blobs.length} layers but the config ${diffIds.length} diff IDs`,
    );
  }
  const ids = chainIds(diffIds);
  return ctx.state.read(() =>
    blobs.map((blob, index) => ({
      blob,
      diffId: diffIds[index] as Digest,
      id: ids[index] as string,
      parent: index === 0 ? null : (ids[index - 1] as string),
      present: ctx.state.layers.get(ids[index] as string) !== undefined,
    })),
  );
}

export interface FetchLayersInput {
  ctx: EngineContext;
  client: RegistryClient;
  repository: string;
  plans: LayerPlan[];
  reporter: ImagePullReporter;
  /** Layers downloaded at once. Default 3. */
  concurrency?: number;
}

/** Downloads and extracts every missing layer, then commits all in order. */
export async function fetchLayers(input: FetchLayersInput): Promise<void> {
  const { plans, reporter } = input;
  for (const plan of plans)
    if (plan.present) reporter({ kind: 'blob-skipped', digest: plan.blob.digest });
  const missing = plans.filter((plan) => !plan.present);
  const staged = new Map<LayerPlan, StagedLayer>();
  try {
    await runBounded(missing, input.concurrency ?? 3, async (plan, signal) => {
      const layer = await input.ctx.layers.beginLayer();
      staged.set(plan, layer);
      await extractLayer(input, plan, layer.diffPath, signal);
    });
    // A child can only be committed after its parent: one by one, in chain order.
    for (const plan of missing) {
      const layer = staged.get(plan);
      if (!layer) continue;
      await layer.commit(plan.id, plan.parent, {
        diffDigest: plan.diffId,
        compressedDigest: plan.blob.digest,
        uncompressedSizeBytes: plan.uncompressedSizeBytes ?? null,
      });
    }
  } finally {
    await Promise.allSettled([...staged.values()].map((layer) => layer.discard()));
  }
}

async function extractLayer(
  input: FetchLayersInput,
  plan: LayerPlan,
  target: string,
  signal: AbortSignal,
): Promise<void> {
  const { client, repository, reporter } = input;
  const { digest, size } = plan.blob;
  const compression = layerCompression(plan.blob.mediaType);
  const blob = await client.openBlob(repository, digest, size);
  // Another layer failed: stop this download too instead of finishing it for nothing.
  const stop = () => blob.stream.destroy(new BerthError('INTERNAL', 'pull aborted'));
  if (signal.aborted) stop();
  signal.addEventListener('abort', stop, { once: true });
  const sizeBytes = blob.sizeBytes ?? size;
  reporter({ kind: 'blob-start', digest, sizeBytes });
  let received = 0;
  const progress = setInterval(
    () => reporter({ kind: 'blob-progress', digest, doneBytes: received, sizeBytes }),
    100,
  );
  try {
    const blobEnded = endOf(blob.stream);
    const uncompressed = uncompress(blob.stream, compression);
    // Counted after pipe() is attached, so no chunk flows before the pipeline is in place.
    blob.stream.on('data', (chunk: Buffer) => {
      received += chunk.length;
    });
    const meter = new DigestingMeter();
    const transform = createLayerTransform();
    const piped = new Promise<void>((resolvePromise, reject) =>
      pipeline(uncompressed, meter, transform, (error) =>
        error ? reject(error) : resolvePromise(),
      ),
    );
    piped.catch(() => undefined);
    await Promise.all([extractTar(transform, target), blobEnded, piped]);
    if (meter.digest() !== plan.diffId) {
      throw new BerthError(
        'DIGEST_MISMATCH',
        `writing blob: layer ${digestHex(digest).slice(0, 12)}: uncompressed digest ${meter.digest()} does not match the config's diff ID ${plan.diffId}`,
      );
    }
    plan.uncompressedSizeBytes = meter.sizeBytes;
    reporter({ kind: 'blob-progress', digest, doneBytes: received, sizeBytes });
    reporter({ kind: 'blob-done', digest });
  } catch (error) {
    blob.stream.destroy();
    throw error;
  } finally {
    clearInterval(progress);
    signal.removeEventListener('abort', stop);
  }
}

function endOf(stream: Readable): Promise<void> {
  return new Promise((resolvePromise, reject) =>
    finished(stream, { readable: true, writable: false }, (error) =>
      error ? reject(error) : resolvePromise(),
    ),
  );
}

/** gzip in-process with 1 MiB chunks (2x faster than the default here); zstd through the host tool. */
function uncompress(source: Readable, compression: ReturnType<typeof layerCompression>): Readable {
  if (compression === 'none') return source;
  const out =
    compression === 'gzip'
      ? source.pipe(createGunzip({ chunkSize: 1 << 20 }))
      : decompress(source, compression);
  // pipe() does not forward errors: a digest mismatch at the blob's end must fail the layer.
  source.on('error', (error) => out.destroy(error));
  return out;
}

/** Runs `work` over items with at most `limit` in flight; the first failure aborts the others. */
async function runBounded<T>(
  items: readonly T[],
  limit: number,
  work: (item: T, signal: AbortSignal) => Promise<void>,
): Promise<void> {
  let next = 0;
  const abort = new AbortController();
  let firstError: { error: unknown } | undefined;
  const worker = async () => {
    while (!abort.signal.aborted && next < items.length) {
      const item = items[next++] as T;
      try {
        await work(item, abort.signal);
      } catch (error) {
        firstError ??= { error };
        abort.abort();
        throw error;
      }
    }
  };
  await Promise.allSettled(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (firstError) throw firstError.error;
}
