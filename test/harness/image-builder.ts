// Test images written straight into a test registry with the distribution API (monolithic blob
// uploads, manifest and index PUTs): any layer compression, Docker or OCI media types, and
// multi-platform indexes. Builds bytes only; never touches a berth store.
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import * as tar from 'tar-stream';
import { request } from 'undici';
import type { TestRegistry } from './registry.ts';
import { runOk } from './run-process.ts';

export const mediaTypes = {
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  ociLayer: 'application/vnd.oci.image.layer.v1.tar',
  ociLayerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  ociLayerZstd: 'application/vnd.oci.image.layer.v1.tar+zstd',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  dockerLayerGzip: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
} as const;

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
}

export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

/** One layer as pushed: the blob (maybe compressed) and the digest of its uncompressed tar. */
export interface LayerBlob {
  mediaType: string;
  blob: Buffer;
  diffId: string;
}

export interface PushedManifest {
  /** The manifest's descriptor (digest of the exact bytes PUT). */
  manifest: Descriptor;
  config: Descriptor;
  layers: Descriptor[];
}

export const sha256 = (data: Buffer | string): string =>
  `sha256:${createHash('sha256').update(data).digest('hex')}`;

/** The ID berth and podman give an image: the config digest without `sha256:`. */
export const imageId = (pushed: PushedManifest): string => pushed.config.digest.slice(7);

export interface TarEntry {
  name: string;
  body?: string | Buffer;
  type?: 'file' | 'directory';
  /** Default 0o644 (files), 0o755 (directories). */
  mode?: number;
}

/** A deterministic tar (mtime 0, owner 0:0) of the entries, in order. */
export async function tarOf(entries: readonly TarEntry[]): Promise<Buffer> {
  const pack = tar.pack();
  for (const entry of entries) {
    const type = entry.type ?? 'file';
    pack.entry(
      {
        name: entry.name,
        type,
        mode: entry.mode ?? (type === 'file' ? 0o644 : 0o755),
        mtime: new Date(0),
      },
      type === 'file' ? (entry.body ?? '') : '',
    );
  }
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Compresses with Debian's `zstd` binary (files in `dir`, which the caller cleans up). */
export async function zstdCompress(data: Buffer, dir: string): Promise<Buffer> {
  const input = join(dir, `${sha256(data).slice(7, 23)}.tar`);
  await writeFile(input, data);
  await runOk(['zstd', '-q', '-f', '-3', input, '-o', `${input}.zst`]);
  return readFile(`${input}.zst`);
}

async function send(
  registry: TestRegistry,
  method: 'GET' | 'POST' | 'PUT',
  url: string,
  headers: Record<string, string>,
  body?: Buffer,
): Promise<{ status: number; headers: Record<string, unknown>; text: string }> {
  const auth: Record<string, string> =
    registry.authorization === undefined ? {} : { authorization: registry.authorization };
  const res = await request(url, {
    method,
    headers: { ...auth, ...headers },
    ...(body === undefined ? {} : { body }),
    dispatcher: registry.agent,
  });
  return { status: res.statusCode, headers: res.headers, text: await res.body.text() };
}

/** POST + PUT ?digest= (a monolithic upload). Returns the blob's digest. */
export async function uploadBlob(
  registry: TestRegistry,
  repository: string,
  bytes: Buffer,
): Promise<string> {
  const digest = sha256(bytes);
  const started = await send(
    registry,
    'POST',
    `${registry.url}/v2/${repository}/blobs/uploads/`,
    {},
  );
  const location = started.headers['location'];
  if (started.status !== 202 || typeof location !== 'string') {
    throw new Error(`starting an upload to ${repository}: HTTP ${started.status} ${started.text}`);
  }
  const url = new URL(location, registry.url);
  url.searchParams.set('digest', digest);
  const put = await send(
    registry,
    'PUT',
    url.toString(),
    { 'content-type': 'application/octet-stream' },
    bytes,
  );
  if (put.status !== 201) {
    throw new Error(`uploading ${digest} to ${repository}: HTTP ${put.status} ${put.text}`);
  }
  return digest;
}

/** PUTs a manifest or index under `reference` (tag or digest); returns its descriptor. */
export async function putManifest(
  registry: TestRegistry,
  repository: string,
  reference: string,
  mediaType: string,
  document: unknown,
): Promise<Descriptor> {
  const bytes = Buffer.from(JSON.stringify(document));
  const put = await send(
    registry,
    'PUT',
    `${registry.url}/v2/${repository}/manifests/${reference}`,
    { 'content-type': mediaType },
    bytes,
  );
  if (put.status !== 201) {
    throw new Error(`putting manifest ${repository}:${reference}: HTTP ${put.status} ${put.text}`);
  }
  return { mediaType, digest: sha256(bytes), size: bytes.length };
}

export interface ImageSpec {
  layers: readonly LayerBlob[];
  /** Written into the config (os, architecture, variant). */
  platform: Platform;
  /** Default 'oci'. */
  format?: 'oci' | 'docker';
  /** Merged into the config's `config` (Cmd, Env, Labels…). */
  runConfig?: Record<string, unknown>;
}

/** Uploads the layers and config, then the manifest under `reference` (a tag, or its digest when omitted). */
export async function pushImage(
  registry: TestRegistry,
  repository: string,
  reference: string | undefined,
  spec: ImageSpec,
): Promise<PushedManifest> {
  const docker = spec.format === 'docker';
  const layers: Descriptor[] = [];
  for (const layer of spec.layers) {
    const digest = await uploadBlob(registry, repository, layer.blob);
    layers.push({ mediaType: layer.mediaType, digest, size: layer.blob.length });
  }
  const configBytes = Buffer.from(
    JSON.stringify({
      created: '2024-01-01T00:00:00Z',
      ...spec.platform,
      config: { Env: ['PATH=/bin'], Cmd: ['/bin/sh'], ...spec.runConfig },
      rootfs: { type: 'layers', diff_ids: spec.layers.map((layer) => layer.diffId) },
      history: spec.layers.map(() => ({ created: '2024-01-01T00:00:00Z', created_by: 'test' })),
    }),
  );
  const config: Descriptor = {
    mediaType: docker ? mediaTypes.dockerConfig : mediaTypes.ociConfig,
    digest: await uploadBlob(registry, repository, configBytes),
    size: configBytes.length,
  };
  const manifestType = docker ? mediaTypes.dockerManifest : mediaTypes.ociManifest;
  const document = { schemaVersion: 2, mediaType: manifestType, config, layers };
  const digest = sha256(JSON.stringify(document));
  const manifest = await putManifest(
    registry,
    repository,
    reference ?? digest,
    manifestType,
    document,
  );
  return { manifest, config, layers };
}

/** PUTs an OCI index or Docker manifest list of already pushed manifests under `tag`. */
export async function pushIndex(
  registry: TestRegistry,
  repository: string,
  tag: string,
  format: 'oci' | 'docker',
  entries: readonly {
    manifest: Descriptor;
    platform: Platform;
    annotations?: Record<string, string>;
  }[],
): Promise<Descriptor> {
  const mediaType = format === 'docker' ? mediaTypes.dockerList : mediaTypes.ociIndex;
  return putManifest(registry, repository, tag, mediaType, {
    schemaVersion: 2,
    mediaType,
    manifests: entries.map((entry) => ({
      ...entry.manifest,
      platform: entry.platform,
      ...(entry.annotations === undefined ? {} : { annotations: entry.annotations }),
    })),
  });
}

/** An uncompressed layer of `tarBytes` with the given layer media type (no compression applied). */
export function plainLayer(tarBytes: Buffer, mediaType: string = mediaTypes.ociLayer): LayerBlob {
  return { mediaType, blob: tarBytes, diffId: sha256(tarBytes) };
}

/** A gzip layer of `tarBytes` (Docker's or OCI's gzip media type). */
export function gzipLayer(
  tarBytes: Buffer,
  mediaType: string = mediaTypes.ociLayerGzip,
): LayerBlob {
  return { mediaType, blob: gzipSync(tarBytes, { level: 1 }), diffId: sha256(tarBytes) };
}

/** A zstd layer of `tarBytes` (compressed in `dir` with the zstd binary). */
export async function zstdLayer(tarBytes: Buffer, dir: string): Promise<LayerBlob> {
  return {
    mediaType: mediaTypes.ociLayerZstd,
    blob: await zstdCompress(tarBytes, dir),
    diffId: sha256(tarBytes),
  };
}
