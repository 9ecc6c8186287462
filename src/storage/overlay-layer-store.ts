// The overlay driver: `overlay/<id>/{diff,link,lower}`, `overlay/l/<short>` → `../<id>/diff`,
// container layers with `work` and `merged`, mounted with short relative lower dirs.
import { rmSync, symlinkSync, readdirSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BerthError } from '../lib/berth-error.ts';
import { mountOverlay, unmount, isMountPoint } from '../host/mount.ts';
import { LayerDirs, checkLayerId } from './layer-dirs.ts';
import type { LayerKind, LayerRecord } from './layer-records.ts';
import type { LayerMetadata, LayerStore, StagedLayer } from './layer-store.ts';
import { lowerChain, newShortLink, overlayMountOptions } from './overlay-options.ts';
import type { SqliteState } from './sqlite-state.ts';
import { StagedLayerDir } from './staged-layer-dir.ts';

/** The shared empty lower dir of container layers with no image layer (FROM scratch). */
const emptyLower = 'empty';

export class OverlayLayerStore implements LayerStore {
  readonly driver = 'overlay';
  readonly root: string;
  private readonly dirs: LayerDirs;

  constructor(
    graphRoot: string,
    private readonly state: SqliteState,
  ) {
    this.root = join(graphRoot, 'overlay');
    this.dirs = new LayerDirs(this.root, state);
  }

  async beginLayer(): Promise<StagedLayer> {
    const stagingDir = await this.dirs.newStagingDir();
    await mkdir(join(stagingDir, 'diff'));
    return new StagedLayerDir(stagingDir, (dir, id, parent, metadata) =>
      this.publish(dir, 'image', id, parent, metadata),
    );
  }

  async createContainerLayer(
    id: string,
    parentImageLayer: string | null,
    register?: (layer: LayerRecord) => void,
  ): Promise<LayerRecord> {
    checkLayerId(id);
    const staged = new StagedLayerDir(await this.dirs.newStagingDir(), (dir, _id, parent) =>
      this.publish(dir, 'container', id, parent, {}, register),
    );
    await using _cleanup = staged;
    for (const sub of ['diff', 'work', 'merged']) await mkdir(join(staged.stagingDir, sub));
    // await before the disposal at scope exit, which would discard an uncommitted layer.
    return await staged.commit(id, parentImageLayer);
  }

  async mountContainerLayer(id: string): Promise<string> {
    const layer = this.state.layers.get(id);
    if (layer === undefined) throw new BerthError('NO_SUCH_LAYER', `layer not known: ${id}`);
    if (layer.kind !== 'container') {
      throw new BerthError(
        'STORAGE',
        `layer ${id} is an image layer and cannot be mounted writable`,
      );
    }
    const merged = join(this.root, id, 'merged');
    if (await isMountPoint(merged)) return merged;
    const lower = await readFile(join(this.root, id, 'lower'), 'utf8').catch(() => '');
    const lowerDirs = lower.trim() === '' ? [emptyLower] : lower.trim().split(':');
    if (lower.trim() === '') await mkdir(join(this.root, emptyLower), { recursive: true });
    const options = overlayMountOptions({
      lowerDirs,
      upperDir: `${id}/diff`,
      workDir: `${id}/work`,
    });
    // cwd = overlay root, so the relative `l/…` names in the options resolve.
    await mountOverlay(options, merged, this.root);
    return merged;
  }

  async unmountContainerLayer(id: string): Promise<void> {
    await unmount(join(this.root, id, 'merged'));
  }

  diffPath(id: string): string {
    return join(this.root, id, 'diff');
  }

  async deleteLayer(id: string, alsoInTransaction?: () => void): Promise<void> {
    checkLayerId(id);
    await unmount(join(this.root, id, 'merged'));
    await this.dirs.remove(id, alsoInTransaction, (layer) =>
      rmSync(join(this.root, 'l', layer.shortLink), { force: true }),
    );
  }

  async cleanupStaging(): Promise<void> {
    await mkdir(this.root, { recursive: true });
    await this.dirs.cleanup(
      (name) => name === 'l' || name === emptyLower,
      () => this.sweepShortLinks(),
    );
  }

  /** Writes link and lower into the staging dir, then publishes it with its short symlink. */
  private async publish(
    stagingDir: string,
    kind: LayerKind,
    id: string,
    parent: string | null,
    metadata: LayerMetadata,
    register?: (layer: LayerRecord) => void,
  ): Promise<LayerRecord> {
    checkLayerId(id);
    const ancestors = parent === null ? [] : this.state.read(() => this.state.layers.chain(parent));
    const shortLink = newShortLink();
    await writeFile(join(stagingDir, 'link'), shortLink);
    if (ancestors.length > 0) {
      await writeFile(join(stagingDir, 'lower'), lowerChain(ancestors.map((a) => a.shortLink)));
    }
    await mkdir(join(this.root, 'l'), { recursive: true });
    const linkPath = join(this.root, 'l', shortLink);
    const record: LayerRecord = {
      id,
      parent,
      diffDigest: metadata.diffDigest ?? null,
      compressedDigest: metadata.compressedDigest ?? null,
      uncompressedSizeBytes: metadata.uncompressedSizeBytes ?? null,
      created: new Date().toISOString(),
      shortLink,
      kind,
    };
    return this.dirs.publish(stagingDir, record, {
      afterRename: () => symlinkSync(`../${id}/diff`, linkPath),
      undo: () => rmSync(linkPath, { force: true }),
      ...(register === undefined ? {} : { register }),
    });
  }

  /** Removes `l/` entries no layer row names (crash leftovers). Runs under the write lock. */
  private sweepShortLinks(): void {
    const known = this.state.layers.shortLinks();
    let names: string[];
    try {
      names = readdirSync(join(this.root, 'l'));
    } catch {
      return;
    }
    for (const name of names) {
      if (!known.has(name)) rmSync(join(this.root, 'l', name), { force: true });
    }
  }
}
