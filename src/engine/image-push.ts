// `berth push`: a local image's layers (already on the registry: skipped; known in another
// repository there: mounted; otherwise re-created from the diff dir, gzipped, uploaded), its
// config and manifest. Reports progress as events; prints nothing; never changes local storage.
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { BerthError } from '../lib/berth-error.ts';
import { sha256Digest, type Digest } from '../lib/digest.ts';
import {
  layerCompression,
  parseImageConfig,
  parseManifestDocument,
  type Descriptor,
} from '../image/manifest-documents.ts';
import {
  formatReference,
  parseNormalizedReference,
  parseReference,
  withDefaultTag,
  type NormalizedReference,
} from '../image/reference.ts';
import type { RegistryClient } from '../image/registry/registry-client.ts';
import { openRegistryClient } from '../image/registry/undici-registry-client.ts';
import type {
  ImagePushOptions,
  ImagePushReport,
  ImagePushReporter,
} from '../domain/image-reports.ts';
import type { EngineContext, ImageRecord } from './engine-context.ts';
import type { OpenRegistryClient } from './image-pull.ts';
import { chainIds } from '../storage/layer-chain-id.ts';
import { exportLayer, ScratchDir } from './image-push-layer.ts';
import {
  formatOfManifestType,
  layerMediaType,
  renderManifest,
  type ManifestFormat,
} from './image-push-media.ts';
import { clientOptions, registriesConfig } from './registry-endpoint.ts';

interface PushTarget {
  client: RegistryClient;
  repository: string;
  /** Other repositories on the same registry that hold this image (cross-repository mounts). */
  mountFrom: string[];
  reporter: ImagePushReporter;
}

/** Pushes `image` (found by the domain as `sourceName`) to its destination. */
export async function pushImage(
  ctx: EngineContext,
  image: ImageRecord,
  options: ImagePushOptions,
  reporter: ImagePushReporter = () => undefined,
  openClient: OpenRegistryClient = openRegistryClient,
): Promise<ImagePushReport> {
  const destination = destinationOf(options, image);
  const connect = clientOptions(ctx, registriesConfig(ctx), destination.domain, options);
  if (options.credentials !== undefined) connect.credentials = options.credentials;
  const client = openClient(connect);
  try {
    const target: PushTarget = {
      client,
      repository: destination.path,
      mountFrom: mountSources(image, destination),
      reporter,
    };
    const manifestDigest = await pushDocuments(
      ctx,
      image,
      target,
      options.format,
      destination.tag ?? 'latest',
    );
    ctx.events().image('push', image.id, formatReference(destination));
    return { destination: formatReference(destination), manifestDigest };
  } catch (error) {
    throw wrapDestination(formatReference(destination), error);
  } finally {
    await client.close();
  }
}

function destinationOf(options: ImagePushOptions, image: ImageRecord): NormalizedReference {
  let text = options.destination ?? options.source;
  if (text.startsWith('docker://')) text = text.slice('docker://'.length);
  else if (/^[a-z-]+:(?!\d)/.test(text) && !text.includes('/'))
    throw new BerthError(
      'INVALID_ARGUMENT',
      `invalid destination "${text}": only docker:// is supported`,
    );
  if (
    options.destination === undefined &&
    /^[0-9a-f]{6,64}$/.test(text) &&
    image.id.startsWith(text)
  )
    throw new BerthError(
      'INVALID_ARGUMENT',
      `no destination given for image ${text}: name a registry/repository[:tag]`,
    );
  const ref = withDefaultTag(parseNormalizedReference(text));
  if (ref.digest !== undefined)
    throw new BerthError(
      'INVALID_ARGUMENT',
      `cannot push to a digested reference "${text}": use a tag`,
    );
  return ref;
}

function mountSources(image: ImageRecord, destination: NormalizedReference): string[] {
  const sources = new Set<string>();
  for (const name of image.names) {
    try {
      const ref = parseReference(name);
      if (ref.domain === destination.domain && ref.path !== destination.path) sources.add(ref.path);
    } catch {
      // a name berth cannot parse is no mount source
    }
  }
  return [...sources];
}

async function pushDocuments(
  ctx: EngineContext,
  image: ImageRecord,
  target: PushTarget,
  wantedFormat: ManifestFormat | undefined,
  tag: string,
): Promise<string> {
  const configBytes = await ctx.content.read(image.configDigest);
  const config = parseImageConfig(configBytes);
  const stored =
    image.manifestDigest === null
      ? undefined
      : storedManifest(await ctx.content.read(image.manifestDigest), image.manifestMediaType);
  const storedFormat = formatOfManifestType(image.manifestMediaType);
  const format = wantedFormat ?? storedFormat ?? 'oci';
  target.reporter({ kind: 'signatures' });
  const diffIds = [...config.diffIds];
  const layers: Descriptor[] = [];
  await using scratch = await ScratchDir.create(ctx.options.env);
  const ids = chainIds(config.diffIds);
  for (const [index, layerId] of ids.entries()) {
    const pushed = await pushLayer(ctx, target, layerId, stored?.[index], scratch.path);
    if (pushed.diffId !== undefined) diffIds[index] = pushed.diffId;
    const compression = layerCompression(pushed.descriptor.mediaType);
    layers.push({ ...pushed.descriptor, mediaType: layerMediaType(format, compression) });
  }
  const changed = diffIds.some((diffId, index) => diffId !== config.diffIds[index]);
  const finalConfig = changed
    ? Buffer.from(JSON.stringify(withDiffIds(config.raw, diffIds)))
    : configBytes;
  const configDigest = sha256Digest(finalConfig);
  target.reporter({ kind: 'config', digest: configDigest });
  if (!(await target.client.blobExists(target.repository, configDigest)))
    await target.client.uploadBlob(target.repository, configDigest, finalConfig.length, () =>
      bufferStream(finalConfig),
    );
  const keepStored =
    !changed &&
    format === storedFormat &&
    image.manifestDigest !== null &&
    stored !== undefined &&
    layers.every((layer, index) => layer.digest === stored[index]?.digest);
  const manifest = keepStored
    ? {
        mediaType: image.manifestMediaType ?? '',
        bytes: await ctx.content.read(image.manifestDigest as Digest),
      }
    : renderManifest(format, { digest: configDigest, size: finalConfig.length }, layers);
  target.reporter({ kind: 'writing-manifest' });
  return target.client.putManifest(target.repository, tag, manifest.mediaType, manifest.bytes);
}

function storedManifest(bytes: Buffer, mediaType: string | null): Descriptor[] | undefined {
  try {
    const document = parseManifestDocument(bytes, mediaType ?? '');
    return document.kind === 'manifest' ? document.layers : undefined;
  } catch {
    return undefined;
  }
}

function withDiffIds(raw: Record<string, unknown>, diffIds: Digest[]): Record<string, unknown> {
  const rootfs = typeof raw['rootfs'] === 'object' && raw['rootfs'] !== null ? raw['rootfs'] : {};
  return { ...raw, rootfs: { ...rootfs, type: 'layers', diff_ids: diffIds } };
}

async function pushLayer(
  ctx: EngineContext,
  target: PushTarget,
  layerId: string,
  known: Descriptor | undefined,
  scratchDir: string,
): Promise<{ descriptor: Descriptor; diffId?: Digest }> {
  const { client, repository, reporter } = target;
  if (known !== undefined && (await alreadyThere(target, known.digest))) {
    reporter({ kind: 'blob-skipped', digest: known.digest });
    return { descriptor: known };
  }
  const exported = await exportLayer(ctx, layerId, scratchDir, true);
  const descriptor: Descriptor = {
    mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
    digest: exported.digest,
    size: exported.sizeBytes,
  };
  if (await alreadyThere(target, exported.digest)) {
    reporter({ kind: 'blob-skipped', digest: exported.digest });
  } else {
    reporter({ kind: 'blob-copying', digest: exported.digest });
    await client.uploadBlob(repository, exported.digest, exported.sizeBytes, () =>
      createReadStream(exported.path),
    );
    reporter({ kind: 'blob-done', digest: exported.digest });
  }
  return { descriptor, diffId: exported.diffId };
}

/** On the destination already, or mounted there from another repository of the registry. */
async function alreadyThere(target: PushTarget, digest: Digest): Promise<boolean> {
  if (await target.client.blobExists(target.repository, digest)) return true;
  for (const from of target.mountFrom) {
    if (await target.client.blobExists(from, digest).catch(() => false)) {
      if (await target.client.mountBlob(target.repository, digest, from)) return true;
    }
  }
  return false;
}

function bufferStream(bytes: Buffer): Readable {
  return Readable.from([bytes]);
}

function wrapDestination(name: string, error: unknown): unknown {
  if (!(error instanceof BerthError)) return error;
  if (
    [
      'NO_SUCH_LAYER',
      'STORAGE',
      'INVALID_ARGUMENT',
      'POLICY_DENIED',
      'NOT_SUPPORTED',
      'CONFIG_INVALID',
    ].includes(error.code)
  )
    return error;
  return new BerthError(error.code, `writing to docker://${name}: ${error.message}`, {
    cause: error,
    ...(error.hint === undefined ? {} : { hint: error.hint }),
  });
}
