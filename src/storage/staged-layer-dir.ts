// StagedLayer over a staging dir: the caller extracts into `diff`, then commits or discards.
// The store-specific finishing step (links, snapshots, publish) is passed in.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { BerthError } from '../lib/berth-error.ts';
import type { LayerRecord } from './layer-records.ts';
import type { LayerMetadata, StagedLayer } from './layer-store.ts';

export type FinishLayer = (
  stagingDir: string,
  id: string,
  parent: string | null,
  metadata: LayerMetadata,
) => Promise<LayerRecord>;

export class StagedLayerDir implements StagedLayer {
  private status: 'open' | 'committed' | 'discarded' = 'open';

  constructor(
    readonly stagingDir: string,
    private readonly finish: FinishLayer,
  ) {}

  get diffPath(): string {
    return join(this.stagingDir, 'diff');
  }

  async commit(
    id: string,
    parent: string | null,
    metadata: LayerMetadata = {},
  ): Promise<LayerRecord> {
    if (this.status !== 'open') {
      throw new BerthError('INTERNAL', `staged layer already ${this.status}`);
    }
    try {
      const record = await this.finish(this.stagingDir, id, parent, metadata);
      this.status = 'committed';
      // Present only when another process committed the same layer first.
      await rm(this.stagingDir, { recursive: true, force: true });
      return record;
    } catch (error) {
      await this.discard();
      throw error;
    }
  }

  async discard(): Promise<void> {
    if (this.status !== 'open') return;
    this.status = 'discarded';
    await rm(this.stagingDir, { recursive: true, force: true });
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.discard();
  }
}
