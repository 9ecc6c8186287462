// The vfs driver, for hosts where overlayfs cannot mount: every layer is a full snapshot
// (`vfs/<id>/diff` = parent's snapshot + this layer's diff, as containers/storage's vfs does),
// and a container's rootfs is its own snapshot, so mounting is a no-op.
import { mkdir, rename, rm, access } from 'node:fs/promises';
import { join } from 'node:path';
import { BerthError } from '../lib/berth-error.ts';
import { LayerDirs, checkLayerId } from './layer-dirs.ts';
import type { LayerKind, LayerRecord } from './layer-records.ts';
import type { LayerMetadata, LayerStore, StagedLayer } from './layer-store.ts';
import { newShortLink } from './overlay-options.ts';
import type { SqliteState } from './sqlite-state.ts';
import { StagedLayerDir } from './staged-layer-dir.ts';
import { applyOverlayDiff, copyTree, stripWhiteouts } from './vfs-apply-diff.ts';

export class VfsLayerStore implements LayerStore {
  readonly driver = 'vfs';
  readonly root: string;
  private readonly dirs: LayerDirs;

  constructor(
    graphRoot: string,
    private readonly state: SqliteState,
  ) {
    this.root = join(graphRoot, 'vfs');
    this.dirs = new LayerDirs(this.root, state);
  }

  async beginLayer(): Promise<StagedLayer> {
    const stagingDir = await this.dirs.newStagingDir();
    await mkdir(join(stagingDir, 'diff'));
    return new StagedLayerDir(stagingDir, async (dir, id, parent, metadata) => {
      checkLayerId(id);
      await this.snapshot(dir, parent);
      return this.publish(dir, 'image', id, parent, metadata);
    });
  }

  async createContainerLayer(
    id: string,
    parentImageLayer: string | null,
    register?: (layer: LayerRecord) => void,
  ): Promise<LayerRecord> {
    checkLayerId(id);
    const staged = new StagedLayerDir(await this.dirs.newStagingDir(), async (dir, _id, parent) => {
      await mkdir(join(dir, 'diff'));
      if (parent !== null) await copyTree(this.existingDiff(parent), join(dir, 'diff'));
      return this.publish(dir, 'container', id, parent, {}, register);
    });
    await using _cleanup = staged;
    // await before the disposal at scope exit, which would discard an uncommitted layer.
    return await staged.commit(id, parentImageLayer);
  }

  async mountContainerLayer(id: string): Promise<string> {
    const layer = this.state.layers.get(id);
    if (layer === undefined) throw new BerthError('NO_SUCH_LAYER', `layer not known: ${id}`);
    const path = this.diffPath(id);
    await access(path).catch((cause: unknown) => {
      throw new BerthError('STORAGE', `layer ${id} has no content at ${path}`, { cause });
    });
    return path;
  }

  async unmountContainerLayer(_id: string): Promise<void> {
    // Nothing is mounted under vfs.
  }

  diffPath(id: string): string {
    return join(this.root, id, 'diff');
  }

  async deleteLayer(id: string, alsoInTransaction?: () => void): Promise<void> {
    checkLayerId(id);
    await this.dirs.remove(id, alsoInTransaction);
  }

  async cleanupStaging(): Promise<void> {
    await mkdir(this.root, { recursive: true });
    await this.dirs.cleanup(() => false);
  }

  /** Turns `<dir>/diff` (the extracted layer) into the full snapshot of the new layer. */
  private async snapshot(dir: string, parent: string | null): Promise<void> {
    const extracted = join(dir, 'diff');
    if (parent === null) {
      await stripWhiteouts(extracted);
      return;
    }
    const snapshot = join(dir, 'snapshot');
    await mkdir(snapshot);
    await copyTree(this.existingDiff(parent), snapshot);
    await applyOverlayDiff(extracted, snapshot, dir);
    await rm(extracted, { recursive: true, force: true });
    await rename(snapshot, extracted);
  }

  private existingDiff(id: string): string {
    if (this.state.layers.get(id) === undefined) {
      throw new BerthError('NO_SUCH_LAYER', `layer not known: ${id}`);
    }
    return this.diffPath(id);
  }

  private publish(
    stagingDir: string,
    kind: LayerKind,
    id: string,
    parent: string | null,
    metadata: LayerMetadata,
    register?: (layer: LayerRecord) => void,
  ): LayerRecord {
    // The short link is not used on disk under vfs; the row keeps one for uniqueness.
    const record: LayerRecord = {
      id,
      parent,
      diffDigest: metadata.diffDigest ?? null,
      compressedDigest: metadata.compressedDigest ?? null,
      uncompressedSizeBytes: metadata.uncompressedSizeBytes ?? null,
      created: new Date().toISOString(),
      shortLink: newShortLink(),
      kind,
    };
    return this.dirs.publish(stagingDir, record, register === undefined ? {} : { register });
  }
}
