// `berth images`: one summary per image, with podman's JSON field names.
import type { ImageSummary } from '../domain/image-reports.ts';
import type { EngineContext } from './engine-context.ts';

export async function listImages(ctx: EngineContext, _options: { all: boolean }): Promise<ImageSummary[]> {
  const inUse = new Map<string, number>();
  for (const container of ctx.state.containers.list()) {
    if (container.imageId) inUse.set(container.imageId, (inUse.get(container.imageId) ?? 0) + 1);
  }
  return ctx.state.images.list().map((image) => {
    const createdMs = Date.parse(image.created);
    const labels = (image.config as { config?: { Labels?: Record<string, string> } }).config?.Labels ?? {};
    return {
      Id: image.id,
      ParentId: '',
      RepoTags: image.names.filter((name) => !name.includes('@')),
      RepoDigests: image.manifestDigest ? image.names.map((name) => `${name.replace(/[:@].*$/, '')}@${image.manifestDigest}`) : [],
      Size: image.sizeBytes,
      SharedSize: 0,
      VirtualSize: image.sizeBytes,
      Labels: labels,
      Containers: inUse.get(image.id) ?? 0,
      Names: image.names,
      Digest: image.manifestDigest ?? '',
      History: image.names,
      Created: Math.floor(createdMs / 1000),
      CreatedAt: image.created,
    };
  });
}
