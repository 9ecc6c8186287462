// Builds the OCI image config and manifest documents berth writes for images it makes itself
// (import, commit, build). Pure data.
import type { Digest } from '../lib/digest.ts';
import type { ImageRunConfig } from './change-instructions.ts';

export interface HistoryEntry {
  created: string;
  created_by?: string;
  comment?: string;
  empty_layer?: boolean;
}

export interface OciImageConfig {
  created: string;
  architecture: string;
  os: string;
  config: ImageRunConfig;
  rootfs: { type: 'layers'; diff_ids: Digest[] };
  history: HistoryEntry[];
}

export interface OciManifest {
  schemaVersion: 2;
  mediaType: 'application/vnd.oci.image.manifest.v1+json';
  config: { mediaType: string; digest: Digest; size: number };
  layers: { mediaType: string; digest: Digest; size: number }[];
  annotations?: Record<string, string>;
}

export function buildImageConfig(input: {
  created: string;
  architecture: string;
  os: string;
  config: ImageRunConfig;
  diffIds: Digest[];
  history: HistoryEntry[];
}): OciImageConfig {
  return {
    created: input.created,
    architecture: input.architecture,
    os: input.os,
    config: input.config,
    rootfs: { type: 'layers', diff_ids: input.diffIds },
    history: input.history,
  };
}

/** A manifest whose layers are uncompressed tars (what import and commit store). */
export function buildImageManifest(input: {
  configDigest: Digest;
  configSize: number;
  layers: { digest: Digest; size: number }[];
}): OciManifest {
  return {
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: {
      mediaType: 'application/vnd.oci.image.config.v1+json',
      digest: input.configDigest,
      size: input.configSize,
    },
    layers: input.layers.map((layer) => ({
      mediaType: 'application/vnd.oci.image.layer.v1.tar',
      digest: layer.digest,
      size: layer.size,
    })),
  };
}
