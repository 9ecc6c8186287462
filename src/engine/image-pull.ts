// `berth pull`: candidates (short names, registries.conf, policy.json), manifest and platform
// choice, verified config, layers (image-pull-layers.ts), then the image row. Reports progress
// as events; prints nothing. A failed pull leaves no image and no staged layer behind.
import { nodeConfigFs } from '../config/config-fs.ts';
import { loadShortNameAliasCache } from '../config/short-name-alias.ts';
import { BerthError, messageOf } from '../lib/berth-error.ts';
import { sha256Digest } from '../lib/digest.ts';
import { log } from '../lib/log.ts';
import {
  choosePlatform,
  hostPlatform,
  parseImageConfig,
  parseManifestDocument,
  type ManifestDocument,
  type Platform,
} from '../image/manifest-documents.ts';
import { formatReference, parseReference, type NormalizedReference } from '../image/reference.ts';
import type { RegistryClient, RegistryClientOptions } from '../image/registry/registry-client.ts';
import { registryBlobSource } from '../image/registry/blob-source.ts';
import { openRegistryClient } from '../image/registry/undici-registry-client.ts';
import { pullCandidates } from '../image/short-name.ts';
import type {
  ImagePullOptions,
  ImagePullReport,
  ImagePullReporter,
} from '../domain/image-reports.ts';
import type { EngineContext } from './engine-context.ts';
import { fetchLayers, planLayers } from './image-pull-layers.ts';
import {
  checkPolicy,
  loadPullRegistries,
  localPullStep,
  sourcesFor,
  type PullCandidate,
} from './image-pull-resolve.ts';
import { ImageWriter } from './image-writer.ts';
import { sweepStagedLayers } from './image-staging-sweep.ts';

export type OpenRegistryClient = (options: RegistryClientOptions) => RegistryClient;

/** Pulls one image (or every tag with allTags). `openClient` is replaceable for tests. */
export async function pullImage(
  ctx: EngineContext,
  options: ImagePullOptions,
  reporter: ImagePullReporter = () => undefined,
  openClient: OpenRegistryClient = openRegistryClient,
): Promise<ImagePullReport> {
  const step = localPullStep(ctx, options);
  if (step.kind === 'local') return { images: [step.image] };
  const { reference } = step;
  if (
    options.allTags &&
    (parseReference(reference).tag !== undefined || parseReference(reference).digest !== undefined)
  ) {
    throw new BerthError('INVALID_ARGUMENT', 'tag or digest cannot be used with --all-tags/-a');
  }
  const registries = loadPullRegistries(ctx.options.env, ctx.paths.rootless);
  const aliasCache = loadShortNameAliasCache(nodeConfigFs(), registries.shortNameAliasesPath);
  await sweepStagedLayers(ctx);
  const plan = pullCandidates(reference, registries, { tty: false, aliasCache });
  if (plan.description !== undefined) reporter({ kind: 'resolving', text: plan.description });
  const errors: { name: string; error: unknown }[] = [];
  for (const name of plan.candidates) {
    for (const candidate of sourcesFor(parseCandidate(name), registries, options.tlsVerify)) {
      try {
        checkPolicy(candidate.name, ctx.options.env, options.signaturePolicy);
        const report = await pullFromSource(ctx, options, candidate, reporter, openClient);
        ctx.events().image('pull', undefined, options.reference);
        return report;
      } catch (error) {
        log.debug(
          `pulling ${candidate.name} from ${formatReference(candidate.source)}: ${messageOf(error)}`,
        );
        errors.push({ name: candidate.name, error });
      }
    }
  }
  throw pullFailure(errors);
}

function parseCandidate(name: string): NormalizedReference {
  const ref = parseReference(name);
  if (ref.domain === undefined)
    throw new BerthError('INTERNAL', `candidate ${name} is not fully qualified`);
  return { ...ref, domain: ref.domain };
}

/** One error as it is; several as podman lists them. */
function pullFailure(errors: { name: string; error: unknown }[]): unknown {
  if (errors.length === 1) return errors[0]?.error;
  const lines = errors.map(({ error }) => ` * ${messageOf(error)}`);
  const first = errors[0]?.error;
  const code = first instanceof BerthError ? first.code : 'INTERNAL';
  return new BerthError(
    code,
    `${errors.length} errors occurred while pulling:\n${lines.join('\n')}`,
    { cause: first },
  );
}

async function pullFromSource(
  ctx: EngineContext,
  options: ImagePullOptions,
  candidate: PullCandidate,
  reporter: ImagePullReporter,
  openClient: OpenRegistryClient,
): Promise<ImagePullReport> {
  const clientOptions: RegistryClientOptions = {
    host: candidate.source.domain,
    insecure: candidate.insecure,
    env: ctx.options.env,
  };
  if (options.certDir !== undefined) clientOptions.certDir = options.certDir;
  if (options.credentials !== undefined) clientOptions.credentials = options.credentials;
  if (options.authFile !== undefined) clientOptions.authFile = options.authFile;
  const client = openClient(clientOptions);
  try {
    if (!options.allTags) {
      reporter({ kind: 'trying', reference: candidate.name });
      return {
        images: [
          await pullOne(
            ctx,
            client,
            candidate.source,
            candidate.name,
            wantedPlatform(options),
            reporter,
          ),
        ],
      };
    }
    const repository = candidate.source.path;
    const tags = await client.listTags(repository);
    const images: ImagePullReport['images'] = [];
    for (const tag of tags) {
      const name = formatReference({
        domain: parseCandidate(candidate.name).domain,
        path: parseCandidate(candidate.name).path,
        tag,
      });
      reporter({ kind: 'trying', reference: name });
      images.push(
        await pullOne(
          ctx,
          client,
          { ...candidate.source, tag },
          name,
          wantedPlatform(options),
          reporter,
        ),
      );
    }
    return { images };
  } finally {
    await client.close();
  }
}

function wantedPlatform(options: ImagePullOptions): Platform {
  const host = hostPlatform();
  const wanted = options.platform ?? {};
  const platform: Platform = {
    os: wanted.os ?? host.os,
    architecture: wanted.architecture ?? host.architecture,
  };
  const variant = wanted.variant ?? (wanted.architecture === undefined ? host.variant : undefined);
  if (variant !== undefined) platform.variant = variant;
  return platform;
}

async function pullOne(
  ctx: EngineContext,
  client: RegistryClient,
  source: NormalizedReference,
  name: string,
  platform: Platform,
  reporter: ImagePullReporter,
): Promise<{ id: string; name: string }> {
  const repository = source.path;
  const { manifest, bytes } = await fetchManifest(client, source, name, platform);
  reporter({ kind: 'signatures' });
  const configBytes = await readBlob(
    client,
    repository,
    manifest.config.digest,
    manifest.config.size,
  );
  const config = parseImageConfig(configBytes);
  const plans = planLayers(ctx, manifest.layers, config.diffIds);
  await fetchLayers({ ctx, source: registryBlobSource(client, repository), plans, reporter });
  reporter({ kind: 'config', digest: manifest.config.digest });
  reporter({ kind: 'writing-manifest' });
  const { id } = await new ImageWriter(ctx).write({
    configBytes,
    manifestBytes: bytes,
    manifestMediaType: manifest.mediaType,
    names: [name],
  });
  reporter({ kind: 'storing-signatures' });
  return { id, name };
}

type ImageManifest = Extract<ManifestDocument, { kind: 'manifest' }>;

/** The image manifest for `platform`, through an index when there is one; digests checked. */
async function fetchManifest(
  client: RegistryClient,
  source: NormalizedReference,
  name: string,
  platform: Platform,
): Promise<{ manifest: ImageManifest; bytes: Buffer }> {
  const reference = source.digest ?? source.tag ?? 'latest';
  let fetched;
  try {
    fetched = await client.getManifest(source.path, reference);
  } catch (error) {
    throw wrapSource(name, error);
  }
  if (source.digest !== undefined && sha256Digest(fetched.bytes) !== source.digest) {
    throw new BerthError(
      'DIGEST_MISMATCH',
      `initializing source docker://${name}: manifest digest ${sha256Digest(fetched.bytes)} does not match ${source.digest}`,
    );
  }
  let document = parseManifestDocument(fetched.bytes, fetched.mediaType);
  let bytes = fetched.bytes;
  if (document.kind === 'index') {
    const chosen = choosePlatform(document, platform, `docker://${name}`);
    const child = await client.getManifest(source.path, chosen.digest);
    if (sha256Digest(child.bytes) !== chosen.digest) {
      throw new BerthError(
        'DIGEST_MISMATCH',
        `manifest digest ${sha256Digest(child.bytes)} does not match ${chosen.digest}`,
      );
    }
    document = parseManifestDocument(child.bytes, child.mediaType);
    bytes = child.bytes;
    if (document.kind !== 'manifest')
      throw new BerthError(
        'INVALID_ARGUMENT',
        `invalid manifest list: entry ${chosen.digest} is itself an index`,
      );
  }
  return { manifest: document, bytes };
}

function wrapSource(name: string, error: unknown): unknown {
  if (!(error instanceof BerthError)) return error;
  return new BerthError(error.code, `initializing source docker://${name}: ${error.message}`, {
    cause: error,
    ...(error.hint === undefined ? {} : { hint: error.hint }),
  });
}

/** A small blob (the config) read whole; the client verifies its digest while streaming. */
async function readBlob(
  client: RegistryClient,
  repository: string,
  digest: ImageManifest['config']['digest'],
  size: number,
): Promise<Buffer> {
  const blob = await client.openBlob(repository, digest, size);
  const chunks: Buffer[] = [];
  for await (const chunk of blob.stream) chunks.push(chunk as Buffer);
  const bytes = Buffer.concat(chunks);
  if (sha256Digest(bytes) !== digest)
    throw new BerthError(
      'DIGEST_MISMATCH',
      `config blob digest ${sha256Digest(bytes)} does not match ${digest}`,
    );
  return bytes;
}
