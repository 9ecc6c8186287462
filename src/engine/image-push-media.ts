// Media types of a pushed or saved image for the chosen manifest format (OCI or Docker schema 2)
// and the manifest document itself. Pure.
import type { Compression } from '../lib/compression.ts';
import type { Digest } from '../lib/digest.ts';
import { manifestMediaTypes, type Descriptor } from '../image/manifest-documents.ts';

export type ManifestFormat = 'oci' | 'v2s2';

const layerTypes: Record<ManifestFormat, Record<Compression, string>> = {
  oci: {
    gzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
    zstd: 'application/vnd.oci.image.layer.v1.tar+zstd',
    none: 'application/vnd.oci.image.layer.v1.tar',
  },
  v2s2: {
    gzip: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
    // Docker schema 2 has no zstd type; containers/image writes the OCI one there too.
    zstd: 'application/vnd.oci.image.layer.v1.tar+zstd',
    none: 'application/vnd.docker.image.rootfs.diff.tar',
  },
};

export function layerMediaType(format: ManifestFormat, compression: Compression): string {
  return layerTypes[format][compression];
}

export function formatOfManifestType(
  mediaType: string | null | undefined,
): ManifestFormat | undefined {
  if (mediaType === manifestMediaTypes.ociManifest) return 'oci';
  if (mediaType === manifestMediaTypes.dockerManifest) return 'v2s2';
  return undefined;
}

/** The manifest bytes (compact JSON, as containers/image writes them) and its media type. */
export function renderManifest(
  format: ManifestFormat,
  config: { digest: Digest; size: number },
  layers: readonly Descriptor[],
): { mediaType: string; bytes: Buffer } {
  const mediaType =
    format === 'oci' ? manifestMediaTypes.ociManifest : manifestMediaTypes.dockerManifest;
  const configType =
    format === 'oci'
      ? 'application/vnd.oci.image.config.v1+json'
      : 'application/vnd.docker.container.image.v1+json';
  const document = {
    schemaVersion: 2,
    mediaType,
    config: { mediaType: configType, digest: config.digest, size: config.size },
    layers: layers.map((layer) => ({
      mediaType: layer.mediaType,
      digest: layer.digest,
      size: layer.size,
      ...(layer.annotations === undefined ? {} : { annotations: layer.annotations }),
    })),
  };
  return { mediaType, bytes: Buffer.from(JSON.stringify(document)) };
}
