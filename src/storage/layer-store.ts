// The LayerStore role: extracted layer contents on disk, container layers and their rootfs
// mounts. Two implementations (overlay, vfs) share this contract and one conformance suite.
import { BerthError } from '../lib/berth-error.ts';
import type { Digest } from '../lib/digest.ts';
import type { LayerRecord } from './layer-records.ts';
import { OverlayLayerStore } from './overlay-layer-store.ts';
import type { SqliteState } from './sqlite-state.ts';
import { VfsLayerStore } from './vfs-layer-store.ts';

export const storageDrivers = ['overlay', 'vfs'] as const;
/** podman's `--storage-driver`. */
export type StorageDriver = (typeof storageDrivers)[number];

export interface LayerMetadata {
  /** The OCI diffID (sha256 of the uncompressed tar). */
  diffDigest?: Digest | null;
  compressedDigest?: Digest | null;
  uncompressedSizeBytes?: number | null;
}

/** A layer being extracted. Dispose it (`await using`) so an error path discards it. */
export interface StagedLayer extends AsyncDisposable {
  /** Extract the layer's tar here, whiteouts in overlay format (char 0/0, opaque xattr). */
  readonly diffPath: string;
  /**
   * Makes the layer visible: moves it into place and inserts its row in one write transaction.
   * If a layer with this id exists already (another process won the race), returns that
   * record and discards this one. Throws NO_SUCH_LAYER for an unknown parent.
   */
  commit(id: string, parent: string | null, metadata?: LayerMetadata): Promise<LayerRecord>;
  /** Removes the staging dir; a no-op after commit. */
  discard(): Promise<void>;
}

export interface LayerStore {
  readonly driver: StorageDriver;
  beginLayer(): Promise<StagedLayer>;
  /**
   * Creates the writable layer of a container on top of an image's top layer. `register` runs
   * inside the same write transaction as the layer row (insert the container row there).
   */
  createContainerLayer(
    id: string,
    parentImageLayer: string | null,
    register?: (layer: LayerRecord) => void,
  ): Promise<LayerRecord>;
  /** Mounts (if needed) and returns the container's rootfs path. */
  mountContainerLayer(id: string): Promise<string>;
  /** Idempotent. */
  unmountContainerLayer(id: string): Promise<void>;
  /** Where a layer's own content lives (the overlay upper dir, or the vfs snapshot). */
  diffPath(id: string): string;
  /**
   * Deletes the layer's row and files. `alsoInTransaction` runs in the same write transaction
   * before the row goes (delete the container or image row there). Throws STORAGE while child
   * layers, images or containers still reference it. A no-op for an unknown id.
   */
  deleteLayer(id: string, alsoInTransaction?: () => void): Promise<void>;
  /** Removes staging dirs of dead processes and layer dirs without a row (crash leftovers). */
  cleanupStaging(): Promise<void>;
}

/** The store for `driver` under `<graphRoot>/<driver>/`. The caller picks the driver. */
export function openLayerStore(
  driver: StorageDriver,
  graphRoot: string,
  state: SqliteState,
): LayerStore {
  switch (driver) {
    case 'overlay':
      return new OverlayLayerStore(graphRoot, state);
    case 'vfs':
      return new VfsLayerStore(graphRoot, state);
    default:
      throw new BerthError('INVALID_ARGUMENT', `unknown storage driver "${String(driver)}"`);
  }
}
