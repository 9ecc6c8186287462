// The last step of a pull: config and manifest into the content store, then the image row and
// its name in one write transaction (the name moves from an older image, as in podman).
import { sha256Digest, type Digest } from '../lib/digest.ts';
import type { ImageConfigDocument, ManifestDocument } from '../image/manifest-documents.ts';
import type { EngineContext } from './engine-context.ts';
import type { LayerPlan } from './image-pull-layers.ts';

export interface PulledImage {
  name: string;
  configBytes: Buffer;
  configDigest: Digest;
  config: ImageConfigDocument;
  manifestBytes: Buffer;
  manifest: Extract<ManifestDocument, { kind: 'manifest' }>;
  plans: LayerPlan[];
}

/** Stores the documents and makes the image visible; returns its ID (config digest hex). */
export async function storePulledImage(ctx: EngineContext, image: PulledImage): Promise<string> {
  await ctx.content.put(image.configBytes, image.configDigest);
  const manifestDigest = sha256Digest(image.manifestBytes);
  await ctx.content.put(image.manifestBytes, manifestDigest);
  const id = image.configDigest.slice('sha256:'.length);
  ctx.state.write(() => {
    if (!ctx.state.images.get(id)) {
      ctx.state.images.insert({
        id,
        topLayer: image.plans.at(-1)?.id ?? null,
        configDigest: image.configDigest,
        manifestDigest,
        manifestMediaType: image.manifest.mediaType,
        created: image.config.created ?? new Date().toISOString(),
        // containers/storage counts the image's own documents (config, manifest) in its size.
        sizeBytes: imageSize(ctx, image.plans) + image.configBytes.length + image.manifestBytes.length,
        config: image.config.raw,
        manifest: image.manifest.raw,
        names: [],
      });
    }
    ctx.state.images.removeName(image.name);
    ctx.state.images.addName(id, image.name);
  });
  return id;
}

/** Sum of the layers' uncompressed sizes (podman's SIZE column). */
function imageSize(ctx: EngineContext, plans: readonly LayerPlan[]): number {
  let total = 0;
  for (const plan of plans) {
    total +=
      plan.uncompressedSizeBytes ?? ctx.state.layers.get(plan.id)?.uncompressedSizeBytes ?? 0;
  }
  return total;
}
