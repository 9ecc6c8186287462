// The BlobSource role: what the layer fetcher needs, blobs by digest. A registry repository is
// one (registryBlobSource); an unpacked archive is another (engine/image-archive-load.ts).
import type { Digest } from '../../lib/digest.ts';
import type { BlobStream, RegistryClient } from './registry-client.ts';

export interface BlobOpenOptions {
  /** The size the manifest names; a source may check it. */
  sizeBytes?: number;
  /** Start at this byte (default 0). A registry's digest check needs the whole blob: from an
   * offset, only the size is checked. */
  offset?: number;
}

export interface BlobSource {
  /** The blob's bytes as a stream that errors instead of ending when they are wrong or cut. */
  openBlob(digest: Digest, options?: BlobOpenOptions): Promise<BlobStream>;
}

/** The blobs of one repository of a registry. */
export function registryBlobSource(client: RegistryClient, repository: string): BlobSource {
  return {
    openBlob: (digest, options = {}) =>
      client.openBlob(repository, digest, options.sizeBytes, options.offset),
  };
}
