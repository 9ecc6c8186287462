// Options and reports for image verbs (import, images); field names follow podman's JSON.

export interface ImageImportOptions {
  /** Path of a rootfs tarball (tar, tar.gz, tar.zst) or '-' for stdin is not supported yet. */
  source: string;
  /** Optional reference to tag the new image with (e.g. localhost/busybox); default none. */
  reference?: string;
  /** --change instructions (CMD, ENTRYPOINT, ENV, WORKDIR, USER, LABEL, EXPOSE, VOLUME). */
  changes: string[];
  /** --message: the history comment. */
  message?: string;
}

export interface ImageImportReport {
  /** The new image's full ID (64 hex). */
  id: string;
}

/** One row of `berth images`, with podman's JSON names. */
export interface ImageSummary {
  Id: string;
  ParentId: string;
  RepoTags: string[];
  RepoDigests: string[];
  Size: number;
  SharedSize: number;
  VirtualSize: number;
  Labels: Record<string, string>;
  Containers: number;
  Names: string[];
  Digest: string;
  History: string[];
  Created: number;
  CreatedAt: string;
}
