// `berth image inspect docker://REF`: what `skopeo inspect docker://REF` prints, read from the
// registry without pulling (manifest, platform choice from an index, config, tags list).
import { BerthError } from '../lib/berth-error.ts';
import { sha256Digest } from '../lib/digest.ts';
import {
  choosePlatform,
  hostPlatform,
  parseImageConfig,
  parseManifestDocument,
  type ManifestDocument,
} from '../image/manifest-documents.ts';
import { parseNormalizedReference, repositoryOf, withDefaultTag } from '../image/reference.ts';
import type { RegistryClient } from '../image/registry/registry-client.ts';
import { openRegistryClient } from '../image/registry/undici-registry-client.ts';
import type { RemoteInspectOptions, RemoteInspectReport } from '../domain/image-reports.ts';
import type { EngineContext } from './engine-context.ts';
import type { OpenRegistryClient } from './image-pull.ts';
import { clientOptions, registriesConfig } from './registry-endpoint.ts';

type ImageManifest = Extract<ManifestDocument, { kind: 'manifest' }>;

export async function inspectRemoteImage(
  ctx: EngineContext,
  options: RemoteInspectOptions,
  openClient: OpenRegistryClient = openRegistryClient,
): Promise<RemoteInspectReport> {
  const ref = withDefaultTag(parseNormalizedReference(options.reference));
  const connect = clientOptions(ctx, registriesConfig(ctx), ref.domain, options);
  if (options.credentials !== undefined) connect.credentials = options.credentials;
  const client = openClient(connect);
  try {
    const fetched = await client.getManifest(ref.path, ref.digest ?? ref.tag ?? 'latest');
    if (options.raw && !options.config) return { kind: 'raw', bytes: fetched.bytes.toString() };
    const manifest = await imageManifest(client, ref.path, fetched.bytes, fetched.mediaType);
    const configBytes = await readConfig(client, ref.path, manifest);
    if (options.config) {
      if (options.raw) return { kind: 'raw', bytes: configBytes.toString() };
      return { kind: 'json', value: JSON.parse(configBytes.toString()) as unknown };
    }
    const config = parseImageConfig(configBytes);
    const inner = objectField(config.raw, 'config');
    const output: Record<string, unknown> = { Name: repositoryOf(ref) };
    if (ref.tag !== undefined && ref.digest === undefined) output['Tag'] = ref.tag;
    Object.assign(output, {
      Digest: sha256Digest(fetched.bytes),
      RepoTags: await client.listTags(ref.path),
      Created: config.created ?? null,
      DockerVersion: stringField(config.raw, 'docker_version'),
      Labels: inner['Labels'] ?? null,
      Architecture: config.architecture,
      Os: config.os,
    });
    const variant = config.raw['variant'];
    if (typeof variant === 'string' && variant !== '') output['Variant'] = variant;
    Object.assign(output, {
      Layers: manifest.layers.map((layer) => layer.digest),
      LayersData: manifest.layers.map((layer) => ({
        MIMEType: layer.mediaType,
        Digest: layer.digest,
        Size: layer.size,
        Annotations: layer.annotations ?? null,
      })),
      Env: inner['Env'] ?? null,
    });
    return { kind: 'json', value: output };
  } catch (error) {
    throw wrap(`docker://${options.reference}`, error);
  } finally {
    await client.close();
  }
}

/** The image manifest, through the host platform's entry when `bytes` is an index. */
async function imageManifest(
  client: RegistryClient,
  repository: string,
  bytes: Buffer,
  mediaType: string,
): Promise<ImageManifest> {
  const document = parseManifestDocument(bytes, mediaType);
  if (document.kind === 'manifest') return document;
  const chosen = choosePlatform(document, hostPlatform());
  const child = await client.getManifest(repository, chosen.digest);
  if (sha256Digest(child.bytes) !== chosen.digest)
    throw new BerthError('DIGEST_MISMATCH', `manifest digest does not match ${chosen.digest}`);
  const parsed = parseManifestDocument(child.bytes, child.mediaType);
  if (parsed.kind !== 'manifest')
    throw new BerthError('INVALID_ARGUMENT', `invalid manifest list: ${chosen.digest} is an index`);
  return parsed;
}

async function readConfig(
  client: RegistryClient,
  repository: string,
  manifest: ImageManifest,
): Promise<Buffer> {
  const blob = await client.openBlob(repository, manifest.config.digest, manifest.config.size);
  const chunks: Buffer[] = [];
  for await (const chunk of blob.stream) chunks.push(chunk as Buffer);
  const bytes = Buffer.concat(chunks);
  if (sha256Digest(bytes) !== manifest.config.digest)
    throw new BerthError(
      'DIGEST_MISMATCH',
      `config digest does not match ${manifest.config.digest}`,
    );
  return bytes;
}

function objectField(raw: Record<string, unknown>, key: string): Record<string, unknown> {
  const value = raw[key];
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function stringField(raw: Record<string, unknown>, key: string): string {
  const value = raw[key];
  return typeof value === 'string' ? value : '';
}

function wrap(name: string, error: unknown): unknown {
  if (!(error instanceof BerthError)) return error;
  return new BerthError(error.code, `inspecting image: ${name}: ${error.message}`, {
    cause: error,
    ...(error.hint === undefined ? {} : { hint: error.hint }),
  });
}
