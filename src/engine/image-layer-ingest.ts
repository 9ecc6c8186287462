// The one way a layer enters the store, for pull, load, import and commit (and build next): an
// uncompressed layer tar → diffID hash and size → overlay rewrite → GNU tar into a staging dir →
// diffID checked → commit under its chain ID (rename + one write transaction). A failure at any
// step discards the staging dir; nothing half-made is ever visible.
import { pipeline, type Readable } from 'node:stream';
import { BerthError } from '../lib/berth-error.ts';
import type { Digest } from '../lib/digest.ts';
import { extractTar } from '../host/tar-extract.ts';
import { createLayerTransform } from '../image/layer-transform.ts';
import { DigestingMeter } from '../image/pull-progress.ts';
import { chainId } from '../storage/layer-chain-id.ts';
import type { LayerStore, StagedLayer } from '../storage/layer-store.ts';

export interface StageOptions {
  /** The config's diff ID: another digest fails with DIGEST_MISMATCH and stores nothing. */
  expectedDiffId?: Digest;
  /** Names the layer in that error (`layer 0123456789ab`). Default `layer`. */
  label?: string;
}

export interface IngestedLayer {
  /** The layer id: hex of its chain ID. */
  id: string;
  diffId: Digest;
  /** Bytes of the uncompressed tar. */
  sizeBytes: number;
}

/** An extracted, verified layer not yet visible. Dispose it (`await using`) to drop it on error. */
export class StagedIngest implements AsyncDisposable {
  constructor(
    private readonly layer: StagedLayer,
    readonly diffId: Digest,
    readonly sizeBytes: number,
  ) {}

  /**
   * Makes the layer visible on top of `parent` (a layer id; null for a base layer) under its
   * chain ID. A layer with that ID committed by someone else first is kept as it is.
   */
  async commit(
    parent: string | null,
    compressedDigest: Digest | null = null,
  ): Promise<IngestedLayer> {
    const id = chainId(parent, this.diffId);
    await this.layer.commit(id, parent, {
      diffDigest: this.diffId,
      compressedDigest,
      uncompressedSizeBytes: this.sizeBytes,
    });
    return { id, diffId: this.diffId, sizeBytes: this.sizeBytes };
  }

  discard(): Promise<void> {
    return this.layer.discard();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.discard();
  }
}

export class LayerIngest {
  constructor(private readonly layers: Pick<LayerStore, 'beginLayer'>) {}

  /**
   * Extracts an uncompressed image-spec layer tar (`.wh.` whiteouts) into a staging dir,
   * hashing it on the way. The stream is piped before the first await, so a caller may attach
   * its own 'data' listener right after this call without losing bytes.
   */
  async stage(tar: Readable, options: StageOptions = {}): Promise<StagedIngest> {
    const meter = new DigestingMeter();
    const transform = createLayerTransform();
    const piped = new Promise<void>((resolve, reject) =>
      pipeline(tar, meter, transform, (error) => (error ? reject(error) : resolve())),
    );
    piped.catch(() => undefined);
    let layer: StagedLayer | undefined;
    try {
      layer = await this.layers.beginLayer();
      await Promise.all([extractTar(transform, layer.diffPath), piped]);
      const diffId = meter.digest();
      if (options.expectedDiffId !== undefined && diffId !== options.expectedDiffId) {
        throw new BerthError(
          'DIGEST_MISMATCH',
          `writing blob: ${options.label ?? 'layer'}: uncompressed digest ${diffId} does not match the config's diff ID ${options.expectedDiffId}`,
        );
      }
      return new StagedIngest(layer, diffId, meter.sizeBytes);
    } catch (error) {
      tar.destroy();
      transform.destroy();
      await layer?.discard();
      throw error;
    }
  }

  /** stage, then commit on top of `parent`: one layer on its own (import, commit, build). */
  async ingest(
    tar: Readable,
    parent: string | null,
    options: StageOptions & { compressedDigest?: Digest } = {},
  ): Promise<IngestedLayer> {
    await using staged = await this.stage(tar, options);
    // await before the disposal at scope exit, which would discard an uncommitted layer.
    return await staged.commit(parent, options.compressedDigest ?? null);
  }
}
