// `berth commit`: a new image = the container's image layers + one layer made from its upper dir
// (overlay whiteouts translated back to `.wh.` entries), with the container's config and --change.
import { createHash } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { BerthError } from '../lib/berth-error.ts';
import { digestHex, sha256Digest, type Digest } from '../lib/digest.ts';
import { goArchName } from '../lib/version-report.ts';
import { extractTar } from '../host/tar-extract.ts';
import { applyChanges, type ImageRunConfig } from '../image/change-instructions.ts';
import {
  buildImageConfig,
  buildImageManifest,
  type HistoryEntry,
} from '../image/image-documents.ts';
import { createLayerTar } from '../image/layer-tar.ts';
import { createLayerTransform } from '../image/layer-transform.ts';
import { normalizeLocalName } from '../image/local-name.ts';
import type { ContainerCommitOptions } from '../domain/volume-reports.ts';
import type { EngineContext } from './engine-context.ts';
import { readContainerConfig } from './container-model.ts';
import { imageRunSection } from './image-run-config.ts';

interface CommittedLayer {
  id: string;
  diffId: Digest;
  sizeBytes: number;
}

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
  const layer = await commitLayer(ctx, record.layerId ?? id, image.topLayer);
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
  const configDigest = sha256Digest(configBytes);
  await ctx.content.put(configBytes, configDigest);
  const baseManifest = image.manifest as { layers?: { digest: Digest; size: number }[] } | null;
  const layers = [
    ...(baseManifest?.layers ?? []).map((entry) => ({ digest: entry.digest, size: entry.size })),
    { digest: layer.diffId, size: layer.sizeBytes },
  ];
  const manifest = buildImageManifest({ configDigest, configSize: configBytes.length, layers });
  const manifestBytes = Buffer.from(JSON.stringify(manifest));
  const manifestDigest = sha256Digest(manifestBytes);
  await ctx.content.put(manifestBytes, manifestDigest);
  const imageId = digestHex(configDigest);
  const name = options.image === undefined ? undefined : normalizeLocalName(options.image);
  ctx.state.write(() => {
    if (!ctx.state.images.get(imageId)) {
      const sizeBytes = image.sizeBytes + layer.sizeBytes;
      ctx.state.images.insert({
        id: imageId,
        topLayer: layer.id,
        configDigest,
        manifestDigest,
        manifestMediaType: manifest.mediaType,
        created,
        sizeBytes,
        config,
        manifest,
        names: [],
      });
    }
    if (name !== undefined) {
      ctx.state.images.removeName(name);
      ctx.state.images.addName(imageId, name);
    }
  });
  return imageId;
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

/** The upper dir as an image-spec tar, hashed (diffID) while it is extracted back into a new layer. */
async function commitLayer(
  ctx: EngineContext,
  containerLayer: string,
  parent: string | null,
): Promise<CommittedLayer> {
  const hash = createHash('sha256');
  let sizeBytes = 0;
  const counter = new PassThrough();
  counter.on('data', (chunk: Buffer) => {
    hash.update(chunk);
    sizeBytes += chunk.length;
  });
  await using staged = await ctx.layers.beginLayer();
  const source = createLayerTar(ctx.layers.diffPath(containerLayer));
  const transform = createLayerTransform();
  source.on('error', (error) => counter.destroy(error));
  counter.on('error', (error) => transform.destroy(error));
  await extractTar(source.pipe(counter).pipe(transform), staged.diffPath);
  const diffId = `sha256:${hash.digest('hex')}` as Digest;
  const id =
    parent === null
      ? digestHex(diffId)
      : createHash('sha256').update(`sha256:${parent} ${diffId}`).digest('hex');
  if (!ctx.state.layers.get(id))
    await staged.commit(id, parent, {
      diffDigest: diffId,
      compressedDigest: null,
      uncompressedSizeBytes: sizeBytes,
    });
  return { id, diffId, sizeBytes };
}
