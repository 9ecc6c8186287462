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

/** podman pull's --policy (podman 4): when to contact the registry. Default 'always'. */
export type PullPolicy = 'always' | 'missing' | 'never' | 'newer';

export interface ImagePullOptions {
  /** What the user typed (short name, full reference, name@digest). */
  reference: string;
  /** --all-tags: every tag of the repository (the reference must not carry a tag). */
  allTags: boolean;
  /** --policy; default 'always'. */
  policy: PullPolicy;
  /** --creds user:pass, split. */
  credentials?: { username: string; password: string };
  /** --authfile (default REGISTRY_AUTH_FILE, then podman's auth.json locations). */
  authFile?: string;
  /** --tls-verify; undefined = registries.conf decides (insecure = true allows plain HTTP). */
  tlsVerify?: boolean;
  /** --cert-dir */
  certDir?: string;
  /** --platform os/arch[/variant], or --os/--arch/--variant; each part defaults to the host's. */
  platform?: { os?: string; architecture?: string; variant?: string };
  /** --signature-policy: this policy.json instead of the user's or the system's. */
  signaturePolicy?: string;
}

/** One image a pull made available (with --all-tags, one per tag). */
export interface ImagePullReport {
  images: { id: string; name: string }[];
}

/** Progress of a pull, as events; the CLI renders podman's lines or bars, the API Docker's JSON. */
export type ImagePullEvent =
  /** `Resolved "x" as an alias (FILE)` / `Resolving "x" using unqualified-search registries (FILE)`. */
  | { kind: 'resolving'; text: string }
  | { kind: 'trying'; reference: string }
  | { kind: 'signatures' }
  | { kind: 'blob-start'; digest: string; sizeBytes: number | undefined }
  | { kind: 'blob-progress'; digest: string; doneBytes: number; sizeBytes: number | undefined }
  | { kind: 'blob-done'; digest: string }
  | { kind: 'blob-skipped'; digest: string }
  | { kind: 'config'; digest: string }
  | { kind: 'writing-manifest' }
  | { kind: 'storing-signatures' };

export type ImagePullReporter = (event: ImagePullEvent) => void;

/** `berth images` options: podman's -a and --filter (dangling, reference, before, since, label). */
export interface ImageListOptions {
  all: boolean;
  /** `--filter KEY=VALUE`, repeatable; the same key ORs, different keys AND (podman 4). */
  filters?: string[];
}

/** One image of `berth image inspect`, podman 4's field names and order. */
export interface ImageInspectReport {
  Id: string;
  Digest: string;
  RepoTags: string[];
  RepoDigests: string[];
  Parent: string;
  Comment: string;
  Created: string;
  Config: Record<string, unknown>;
  Version: string;
  Author: string;
  Architecture: string;
  Os: string;
  Size: number;
  VirtualSize: number;
  GraphDriver: { Name: string; Data: Record<string, string> | null };
  RootFS: { Type: string; Layers: string[] };
  Labels: Record<string, string> | null;
  Annotations: Record<string, string>;
  ManifestType: string;
  User: string;
  History: Record<string, unknown>[];
  NamesHistory: string[];
}

/** `berth inspect`/`image inspect`: the images found, and the references that were not. */
export interface ImageInspectResult {
  images: ImageInspectReport[];
  /** References that matched no image, in the order given. */
  missing: string[];
}

/** One row of `berth history` (libimage ImageHistory; JSON names as podman's --format json). */
export interface ImageHistoryEntry {
  id: string;
  created: string;
  CreatedBy: string;
  tags: string[] | null;
  size: number;
  comment: string;
}

export interface ImageRemoveOptions {
  /** -f: remove containers using the image, delete images with several names given by ID. */
  force: boolean;
  /** -a: every image. */
  all: boolean;
  /** -i: unknown images are not an error. */
  ignore: boolean;
}

/** What `rmi` did; errors carry BerthError codes so the CLI can pick podman's exit status. */
export interface ImageRemoveReport {
  untagged: string[];
  deleted: string[];
  errors: { code: string; message: string }[];
}

/** Registry connection flags shared by push and remote inspect (podman's/skopeo's names). */
export interface RegistryConnectOptions {
  /** --creds user:pass, split. */
  credentials?: { username: string; password: string };
  /** --authfile (default REGISTRY_AUTH_FILE, then podman's auth.json locations). */
  authFile?: string;
  /** --tls-verify; undefined = registries.conf decides. */
  tlsVerify?: boolean;
  /** --cert-dir */
  certDir?: string;
}

/** `push IMAGE [DESTINATION]`. */
export interface ImagePushOptions extends RegistryConnectOptions {
  /** The local image (name or ID). */
  source: string;
  /** `[docker://]registry/repo[:tag]`; default the source name. */
  destination?: string;
  /** --format: manifest type; default 'oci'. */
  format?: 'oci' | 'v2s2';
}

export interface ImagePushReport {
  /** `registry/repo:tag` written. */
  destination: string;
  /** Digest of the manifest put (--digestfile). */
  manifestDigest: string;
}

/** Progress of a push, in podman's order. */
export type ImagePushEvent =
  | { kind: 'signatures' }
  | { kind: 'blob-skipped'; digest: string }
  | { kind: 'blob-copying'; digest: string }
  | { kind: 'blob-done'; digest: string }
  | { kind: 'config'; digest: string }
  | { kind: 'writing-manifest' };

export type ImagePushReporter = (event: ImagePushEvent) => void;

export type ImageArchiveFormat = 'docker-archive' | 'oci-archive';

/** `save [-o FILE] [--format] IMAGE...`. */
export interface ImageSaveOptions {
  refs: string[];
  /** Where the tar goes (the CLI streams a temp file to stdout when -o is absent). */
  output: string;
  /** --format; default docker-archive. oci-archive takes one image. */
  format: ImageArchiveFormat;
}

/** `load [-i FILE]`: docker-archive or oci-archive, plain or gzip. */
export interface ImageLoadOptions {
  input: string;
}

export interface ImageLoadReport {
  /** Names restored, or image IDs (sha256:…) for unnamed images; podman's `Loaded image: X`. */
  loaded: string[];
}

/** `image inspect docker://REF` (skopeo inspect). */
export interface RemoteInspectOptions extends RegistryConnectOptions {
  /** Without the `docker://` prefix. */
  reference: string;
  /** --raw: the manifest bytes as fetched (the index, for a multi-platform image). */
  raw?: boolean;
  /** --config: the config JSON (raw bytes with --raw). */
  config?: boolean;
}

/** skopeo's output: text to print verbatim (raw) or a JSON document. */
export type RemoteInspectReport = { kind: 'raw'; bytes: string } | { kind: 'json'; value: unknown };
