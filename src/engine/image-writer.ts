// The one way an image becomes visible, for pull, load, import and commit (and build next): its
// config and manifest into the content store, then the image row and its names in one write
// transaction. Its layers must be committed first (LayerIngest); nothing here touches layer dirs.
import { BerthError } from '../lib/berth-error.ts';
import { digestHex, sha256Digest } from '../lib/digest.ts';
import { parseImageConfig, parseManifestDocument } from '../image/manifest-documents.ts';
import { chainIds } from '../storage/layer-chain-id.ts';
import type { ContentStore } from '../storage/content-store.ts';
import type { SqliteState } from '../storage/sqlite-state.ts';

export interface ImageToWrite {
  /** The config blob's exact bytes: their sha256 is the image ID. */
  configBytes: Buffer;
  /** The manifest's exact bytes (as pulled, loaded or rendered). */
  manifestBytes: Buffer;
  manifestMediaType: string;
  /** Names the image gets; a name another image holds moves to this one, as in podman. */
  names: readonly string[];
}

export interface WrittenImage {
  /** sha256 hex of the config. */
  id: string;
  /** False when an image with this ID existed already (only its names changed). */
  created: boolean;
}

export class ImageWriter {
  constructor(private readonly ctx: { state: SqliteState; content: ContentStore }) {}

  /**
   * Stores the documents and inserts the row (unless the image exists) with its names. The top
   * layer is the chain ID of the config's last diff ID and must exist (NO_SUCH_LAYER otherwise).
   * Size is podman's: the layers' uncompressed sizes plus the config and manifest bytes.
   */
  async write(image: ImageToWrite): Promise<WrittenImage> {
    const config = parseImageConfig(image.configBytes);
    const manifest = parseManifestDocument(image.manifestBytes, image.manifestMediaType);
    if (manifest.kind !== 'manifest')
      throw new BerthError('INVALID_ARGUMENT', 'invalid image: expected a manifest, not an index');
    const configDigest = sha256Digest(image.configBytes);
    const manifestDigest = sha256Digest(image.manifestBytes);
    await this.ctx.content.put(image.configBytes, configDigest);
    await this.ctx.content.put(image.manifestBytes, manifestDigest);
    const id = digestHex(configDigest);
    const topLayer = chainIds(config.diffIds).at(-1) ?? null;
    const { state } = this.ctx;
    return state.write(() => {
      const exists = state.images.get(id) !== undefined;
      if (!exists) {
        const layers = topLayer === null ? [] : state.layers.chain(topLayer);
        const layerBytes = layers.reduce(
          (sum, layer) => sum + (layer.uncompressedSizeBytes ?? 0),
          0,
        );
        state.images.insert({
          id,
          topLayer,
          configDigest,
          manifestDigest,
          manifestMediaType: manifest.mediaType,
          created: config.created ?? new Date().toISOString(),
          // containers/storage counts the image's own documents (config, manifest) in its size.
          sizeBytes: layerBytes + image.configBytes.length + image.manifestBytes.length,
          config: config.raw,
          manifest: manifest.raw,
          names: [],
        });
      }
      for (const name of image.names) {
        state.images.removeName(name);
        state.images.addName(id, name);
      }
      return { id, created: !exists };
    });
  }
}
