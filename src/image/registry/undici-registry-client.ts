// RegistryClient on undici: the distribution-spec verbs (manifests, blobs, uploads, tags, catalog)
// over a RegistrySession that owns TLS, auth and retries. One instance per registry and command.
import { homedir } from 'node:os';
import type { Readable } from 'node:stream';
import { BerthError } from '../../lib/berth-error.ts';
import { sha256Digest, isDigest, type Digest } from '../../lib/digest.ts';
import { log } from '../../lib/log.ts';
import { findCredentials, type Credentials } from '../auth-store.ts';
import { mountBlobFrom, uploadBlobData, expectStatus, type UploadLimits } from './blob-upload.ts';
import { openVerifiedBlob } from './blob-download.ts';
import type {
  BlobStream,
  FetchedManifest,
  RegistryClient,
  RegistryClientOptions,
} from './registry-client.ts';
import { describeNetworkError, describeRegistryError } from './registry-errors.ts';
import { RegistrySession, type BufferedResponse } from './registry-session.ts';
import { loadRegistryTls } from './registry-tls.ts';
import { nextLink } from './www-authenticate.ts';

/** Accept for manifests: docker-registry 404s an OCI manifest unless the OCI type is listed. */
export const manifestAccept = [
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.index.v1+json',
].join(', ');

/** docker.io's API lives at registry-1.docker.io. */
export function apiHostOf(host: string): string {
  return host === 'docker.io' || host === 'index.docker.io' ? 'registry-1.docker.io' : host;
}

export function openRegistryClient(options: RegistryClientOptions): RegistryClient {
  return new UndiciRegistryClient(options);
}

export class UndiciRegistryClient implements RegistryClient {
  readonly host: string;
  private readonly session: RegistrySession;
  private readonly limits: UploadLimits;
  private readonly pageQuery: string;

  constructor(options: RegistryClientOptions) {
    this.host = options.host;
    const homeDir = options.homeDir ?? options.env['HOME'] ?? homedir();
    const tls = loadRegistryTls({
      host: options.host,
      homeDir,
      ...(options.certDir === undefined ? {} : { certDir: options.certDir }),
    });
    if (tls.sources.length > 0)
      log.debug(`TLS material for ${options.host} from ${tls.sources.join(', ')}`);
    const retry = {
      attempts: options.retry?.attempts ?? 4,
      baseDelayMs: options.retry?.baseDelayMs ?? 250,
    };
    this.session = new RegistrySession(
      options.host,
      apiHostOf(options.host),
      options.insecure,
      tls,
      credentialsFor(options, homeDir),
      retry,
    );
    this.pageQuery = options.listPageSize === undefined ? '' : `?n=${options.listPageSize}`;
    this.limits = {
      monolithicMaxBytes: options.upload?.monolithicMaxBytes ?? 32 << 20,
      chunkBytes: options.upload?.chunkBytes ?? 16 << 20,
    };
  }

  async ping(): Promise<void> {
    const challenge = await this.session.authChallenge();
    if (challenge === undefined) return;
    const res = await this.session.send({ method: 'GET', target: '/v2/', scopes: [] });
    await res.body.dump();
    if (res.statusCode === 200) return;
    if (res.statusCode === 401) {
      const text = this.session.credentials
        ? 'invalid username/password'
        : 'unauthorized: authentication required';
      throw new BerthError('UNAUTHORIZED', text);
    }
    throw new BerthError(
      'REGISTRY_ERROR',
      `pinging container registry ${this.host}: invalid status code from registry ${res.statusCode}`,
    );
  }

  async getManifest(repository: string, reference: string): Promise<FetchedManifest> {
    let res: BufferedResponse;
    try {
      res = await this.session.sendBuffered({
        method: 'GET',
        target: `/v2/${repository}/manifests/${reference}`,
        scopes: [`repository:${repository}:pull`],
        headers: { accept: manifestAccept },
      });
    } catch (error) {
      if (error instanceof BerthError) throw error;
      throw new BerthError(
        'REGISTRY_UNREACHABLE',
        `reading manifest ${reference} in ${this.host}/${repository}: ${describeNetworkError(error, this.host)}`,
        { cause: error },
      );
    }
    const bytes = res.body;
    if (res.statusCode !== 200) {
      const { code, text } = describeRegistryError(res.statusCode, bytes.toString('utf8'));
      throw new BerthError(
        code,
        `reading manifest ${reference} in ${this.host}/${repository}: ${text}`,
      );
    }
    const digest = sha256Digest(bytes);
    if (isDigest(reference) && digest !== reference) {
      throw new BerthError(
        'DIGEST_MISMATCH',
        `manifest ${this.host}/${repository}@${reference}: Digest did not match, got ${digest}`,
      );
    }
    return { mediaType: manifestMediaType(res.headers['content-type'], bytes), digest, bytes };
  }

  openBlob(
    repository: string,
    digest: Digest,
    sizeBytes?: number,
    offset = 0,
  ): Promise<BlobStream> {
    return openVerifiedBlob(this.session, repository, digest, sizeBytes, offset);
  }

  async blobExists(repository: string, digest: Digest): Promise<boolean> {
    const res = await this.session.send({
      method: 'HEAD',
      target: `/v2/${repository}/blobs/${digest}`,
      scopes: [`repository:${repository}:pull`],
      followRedirects: true,
    });
    await res.body.dump();
    if (res.statusCode === 200) return true;
    if (res.statusCode === 404) return false;
    const { code, text } = describeRegistryError(res.statusCode, '');
    throw new BerthError(
      code,
      `checking whether blob ${digest} exists in ${this.host}/${repository}: ${text}`,
    );
  }

  async uploadBlob(
    repository: string,
    digest: Digest,
    sizeBytes: number,
    open: () => Readable,
  ): Promise<void> {
    if (await this.blobExists(repository, digest)) return;
    await uploadBlobData(this.session, repository, digest, sizeBytes, open, this.limits);
  }

  mountBlob(repository: string, digest: Digest, fromRepository: string): Promise<boolean> {
    return mountBlobFrom(this.session, repository, digest, fromRepository);
  }

  async putManifest(
    repository: string,
    reference: string,
    mediaType: string,
    bytes: Buffer,
  ): Promise<Digest> {
    const res = await this.session.send({
      method: 'PUT',
      target: `/v2/${repository}/manifests/${reference}`,
      scopes: [`repository:${repository}:pull,push`],
      headers: { 'content-type': mediaType },
      body: bytes,
    });
    const header = res.headers['docker-content-digest'];
    await expectStatus(res, 201, `writing manifest ${reference} to ${this.host}/${repository}`);
    return typeof header === 'string' && isDigest(header) ? header : sha256Digest(bytes);
  }

  async listTags(repository: string): Promise<string[]> {
    const pages = await this.pages(
      `/v2/${repository}/tags/list${this.pageQuery}`,
      `repository:${repository}:pull`,
      `fetching tags list for ${this.host}/${repository}`,
    );
    return pages.flatMap((page) => stringArray(page['tags']));
  }

  async catalog(): Promise<string[]> {
    const pages = await this.pages(
      `/v2/_catalog${this.pageQuery}`,
      'registry:catalog:*',
      `fetching catalog of ${this.host}`,
    );
    return pages.flatMap((page) => stringArray(page['repositories']));
  }

  /** GETs a JSON list endpoint and every `Link: rel="next"` page after it. */
  private async pages(
    first: string,
    scope: string,
    context: string,
  ): Promise<Record<string, unknown>[]> {
    const pages: Record<string, unknown>[] = [];
    const seen = new Set<string>();
    for (let target: string | undefined = first; target !== undefined && !seen.has(target);) {
      seen.add(target);
      const res = await this.session.sendBuffered({ method: 'GET', target, scopes: [scope] });
      const body = res.body.toString('utf8');
      if (res.statusCode !== 200) {
        const { code, text } = describeRegistryError(res.statusCode, body);
        throw new BerthError(
          code === 'MANIFEST_UNKNOWN' ? 'REGISTRY_ERROR' : code,
          `${context}: ${text}`,
        );
      }
      pages.push(jsonObject(body, context));
      target = nextLink(res.headers['link'], new URL(target, await this.session.baseUrl()).href);
    }
    return pages;
  }

  close(): Promise<void> {
    return this.session.close();
  }
}

function credentialsFor(options: RegistryClientOptions, homeDir: string): Credentials | undefined {
  if (options.credentials) return options.credentials;
  const found = findCredentials(
    {
      env: options.env,
      homeDir,
      ...(options.authFile === undefined ? {} : { authFile: options.authFile }),
    },
    options.host,
  );
  if (found) log.debug(`using credentials for ${options.host} from ${found.path}`);
  return found;
}

function manifestMediaType(header: string | string[] | undefined, bytes: Buffer): string {
  const value = typeof header === 'string' ? (header.split(';')[0] ?? '').trim() : '';
  if (value !== '' && value !== 'application/json' && value !== 'text/plain') return value;
  try {
    const parsed: unknown = JSON.parse(bytes.toString('utf8'));
    const mediaType =
      typeof parsed === 'object' && parsed !== null
        ? (parsed as { mediaType?: unknown }).mediaType
        : undefined;
    if (typeof mediaType === 'string') return mediaType;
  } catch {
    // fall through: not JSON
  }
  return value === '' ? 'application/vnd.oci.image.manifest.v1+json' : value;
}

function jsonObject(body: string, context: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
      return parsed as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw new BerthError('REGISTRY_ERROR', `${context}: the registry answered with invalid JSON`);
}

function stringArray(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : [];
}
