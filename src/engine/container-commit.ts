// `berth commit`: a new image = the container's image layers + one layer made from its upper dir
// (overlay whiteouts translated back to `.wh.` entries), with the container's config and --change.
// The layer goes through LayerIngest and the image through the ImageWriter, as pulled ones do.
import { BerthError } from '../lib/berth-error.ts';
import { sha256Digest, type Digest } from '../lib/digest.ts';
import { goArchName } from '../lib/version-report.ts';
import { applyChanges, type ImageRunConfig } from '../image/change-instructions.ts';
import {
  buildImageConfig,
  buildImageManifest,
  type HistoryEntry,
} from '../image/image-documents.ts';
import { createLayerTar } from '../image/layer-tar.ts';
import { normalizeLocalName } from '../image/local-name.ts';
import type { ContainerCommitOptions } from '../domain/volume-reports.ts';
import type { EngineContext } from './engine-context.ts';
import { readContainerConfig } from './container-model.ts';
import { imageRunSection } from './image-run-config.ts';
import { LayerIngest } from './image-layer-ingest.ts';
import { ImageWriter } from './image-writer.ts';

export async function commitContainer(
  ctx: EngineContext,
  id: string,
  options: ContainerCommitOptions,
): Promise<string> {
  const record = ctx.state.containers.get(id);
  if (!record)
    throw new BerthError(
      'NO_SUCH_CONTAINER',
      `no container with name or ID "${options.ref}" found: no such container`,
    );
  const image = record.imageId ? ctx.state.images.get(record.imageId) : undefined;
  if (!image) throw new BerthError('NO_SUCH_IMAGE', `image of container ${id} is not known`);
  const base = image.config as { rootfs?: { diff_ids?: Digest[] }; history?: HistoryEntry[] };
  const parentDiffIds = base.rootfs?.diff_ids ?? [];
  // The upper dir as an image-spec tar (whiteouts back to `.wh.`), ingested as a new layer.
  const layer = await new LayerIngest(ctx.layers).ingest(
    createLayerTar(ctx.layers.diffPath(record.layerId ?? id)),
    image.topLayer,
  );
  const created = new Date().toISOString();
  const runConfig = applyChanges(
    containerRunConfig(
      imageRunSection(image.config) as ImageRunConfig,
      readContainerConfig(record.config, id),
    ),
    options.changes,
  );
  const history: HistoryEntry = {
    created,
    created_by: `/bin/sh -c #(nop) commit ${id.slice(0, 12)}`,
    ...(options.message ? { comment: options.message } : {}),
  };
  const config = {
    ...buildImageConfig({
      created,
      architecture: goArchName(),
      os: 'linux',
      config: runConfig,
      diffIds: [...parentDiffIds, layer.diffId],
      history: [...(base.history ?? []), history],
    }),
    ...(options.author ? { author: options.author } : {}),
  };
  const configBytes = Buffer.from(JSON.stringify(config));
  const baseManifest = image.manifest as { layers?: { digest: Digest; size: number }[] } | null;
  const layers = [
    ...(baseManifest?.layers ?? []).map((entry) => ({ digest: entry.digest, size: entry.size })),
    { digest: layer.diffId, size: layer.sizeBytes },
  ];
  const manifest = buildImageManifest({
    configDigest: sha256Digest(configBytes),
    configSize: configBytes.length,
    layers,
  });
  const name = options.image === undefined ? undefined : normalizeLocalName(options.image);
  const written = await new ImageWriter(ctx).write({
    configBytes,
    manifestBytes: Buffer.from(JSON.stringify(manifest)),
    manifestMediaType: manifest.mediaType,
    names: name === undefined ? [] : [name],
  });
  return written.id;
}

/** podman commits the container's command, env, workdir and user into the image config. */
function containerRunConfig(
  image: ImageRunConfig,
  container: ReturnType<typeof readContainerConfig>,
): ImageRunConfig {
  const next: ImageRunConfig = { ...image };
  if (container.command.length > 0) next.Cmd = container.command;
  if (container.env.length > 0)
    next.Env = [...(image.Env ?? []), ...container.env.filter((entry) => entry.includes('='))];
  if (container.workdir !== undefined) next.WorkingDir = container.workdir;
  if (container.user !== undefined) next.User = container.user;
  return next;
}
