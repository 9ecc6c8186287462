// The RegistryClient role: what berth needs from a registry speaking the OCI distribution spec.
// One client per registry host and command; it owns auth (anonymous, Basic, Bearer tokens cached
// per scope), TLS (certs.d), retries and blob resume. Implemented in undici-registry-client.ts.
import type { Readable } from 'node:stream';
import type { Digest } from '../../lib/digest.ts';

export interface RegistryClientOptions {
  /** Registry host as written in the reference ("127.0.0.1:5000", "quay.io", "docker.io"). */
  host: string;
  /** --tls-verify=false or registries.conf `insecure = true`: allow plain HTTP and unverified TLS. */
  insecure: boolean;
  /** --cert-dir; default /etc/containers/certs.d/HOST and ~/.config/containers/certs.d/HOST. */
  certDir?: string;
  /** --creds / login: explicit credentials; otherwise looked up in the auth file(s). */
  credentials?: { username: string; password: string };
  /** --authfile / REGISTRY_AUTH_FILE; default podman's auth.json locations. */
  authFile?: string;
  /** The environment (XDG_RUNTIME_DIR, REGISTRY_AUTH_FILE, DOCKER_CONFIG, HOME…). */
  env: NodeJS.ProcessEnv;
  /** Home directory for ~/.config/containers/certs.d and ~/.docker/config.json. Default: $HOME or os.homedir(). */
  homeDir?: string;
  /** Retries of transient failures (ECONNRESET, 5xx, 429). Default 4 attempts, 250 ms base back-off. */
  retry?: { attempts?: number; baseDelayMs?: number };
  /** Blobs up to monolithicMaxBytes (32 MiB) go in one PUT; larger ones in chunkBytes (16 MiB) PATCHes. */
  upload?: { monolithicMaxBytes?: number; chunkBytes?: number };
  /** `n=` for tags/list and _catalog pages; default none (the registry's own page size). */
  listPageSize?: number;
}

export interface FetchedManifest {
  mediaType: string;
  /** Digest of the exact bytes. */
  digest: Digest;
  bytes: Buffer;
}

export interface BlobStream {
  /**
   * The blob's bytes, resumed with Range after a dropped connection, checked against the digest
   * while streaming: the stream errors with DIGEST_MISMATCH at the end instead of ending cleanly.
   * Only trust what you read once 'end' was emitted without an error.
   */
  stream: Readable;
  sizeBytes: number | undefined;
}

export interface RegistryClient {
  /** The registry host as given in the options (`docker.io`, `127.0.0.1:5000`). */
  readonly host: string;
  /** GET /v2/ (the login check): resolves when the credentials (or anonymous access) work. */
  ping(): Promise<void>;
  /** By tag or digest; Accept lists OCI and Docker schema2 manifests and indexes. MANIFEST_UNKNOWN when absent. */
  getManifest(repository: string, reference: string): Promise<FetchedManifest>;
  /** From byte `offset` (default 0) on: then only the size, not the digest, can be checked. */
  openBlob(
    repository: string,
    digest: Digest,
    sizeBytes?: number,
    offset?: number,
  ): Promise<BlobStream>;
  blobExists(repository: string, digest: Digest): Promise<boolean>;
  /** Monolithic upload when small, chunked (PATCH) when large; skipped when the blob exists. */
  uploadBlob(
    repository: string,
    digest: Digest,
    sizeBytes: number,
    open: () => Readable,
  ): Promise<void>;
  /** Cross-repository mount; false when the registry declined (then upload). */
  mountBlob(repository: string, digest: Digest, fromRepository: string): Promise<boolean>;
  putManifest(
    repository: string,
    reference: string,
    mediaType: string,
    bytes: Buffer,
  ): Promise<Digest>;
  /** All tags, following Link pagination. */
  listTags(repository: string): Promise<string[]>;
  /** All repositories in /v2/_catalog, following Link pagination. */
  catalog(): Promise<string[]>;
  close(): Promise<void>;
}
