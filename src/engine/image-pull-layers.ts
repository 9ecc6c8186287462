// Fetches an image's missing layers (bounded parallel) from a BlobSource (a registry repository
// or an unpacked archive), each streamed: blob (digest checked by the source) → decompress →
// LayerIngest (diffID check, overlay rewrite, staging dir); then commits them in chain order. On
// any error every staged layer is discarded; nothing half-made is visible.
import { finished } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { BerthError } from '../lib/berth-error.ts';
import { digestHex, type Digest } from '../lib/digest.ts';
import { decompress } from '../host/decompress.ts';
import { layerCompression, type Descriptor } from '../image/manifest-documents.ts';
import type { BlobSource } from '../image/registry/blob-source.ts';
import { chainIds } from '../storage/layer-chain-id.ts';
import type { ImagePullReporter } from '../domain/image-reports.ts';
import type { EngineContext } from './engine-context.ts';
import { LayerIngest, type StagedIngest } from './image-layer-ingest.ts';

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
  source: BlobSource;
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
  const ingest = new LayerIngest(input.ctx.layers);
  const staged = new Map<LayerPlan, StagedIngest>();
  try {
    await runBounded(missing, input.concurrency ?? 3, async (plan, signal) => {
      staged.set(plan, await extractLayer(input, ingest, plan, signal));
    });
    // A child can only be committed after its parent: one by one, in chain order.
    for (const plan of missing) await staged.get(plan)?.commit(plan.parent, plan.blob.digest);
  } finally {
    await Promise.allSettled([...staged.values()].map((layer) => layer.discard()));
  }
}

async function extractLayer(
  input: FetchLayersInput,
  ingest: LayerIngest,
  plan: LayerPlan,
  signal: AbortSignal,
): Promise<StagedIngest> {
  const { source, reporter } = input;
  const { digest, size } = plan.blob;
  const compression = layerCompression(plan.blob.mediaType);
  const blob = await source.openBlob(digest, { sizeBytes: size });
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
    const staging = ingest.stage(uncompress(blob.stream, compression), {
      expectedDiffId: plan.diffId,
      label: `layer ${digestHex(digest).slice(0, 12)}`,
    });
    // Counted after stage() piped the stream, so no chunk flows before the pipeline is in place.
    blob.stream.on('data', (chunk: Buffer) => {
      received += chunk.length;
    });
    let layer: StagedIngest;
    try {
      [layer] = await Promise.all([staging, blobEnded]);
    } catch (error) {
      // The blob failed first (a digest mismatch at its end): the ingest fails or finishes
      // soon after; wait for it, so its staging dir is gone before the pull reports.
      blob.stream.destroy();
      await staging.then(
        (late) => late.discard(),
        () => undefined,
      );
      throw error;
    }
    plan.uncompressedSizeBytes = layer.sizeBytes;
    reporter({ kind: 'blob-progress', digest, doneBytes: received, sizeBytes });
    reporter({ kind: 'blob-done', digest });
    return layer;
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
