// The one error type every layer throws: a stable code, a message in podman's words, an optional
// hint and cause. The code table maps each code to the CLI exit status and the REST API status.
// Never match on message text; match on `code`.

/** code -> [exit status, HTTP status]. Exit status is 125 (engine error) unless listed otherwise. */
export const errorCodes = {
  USAGE: [125, 400],
  INVALID_ARGUMENT: [125, 400],
  INVALID_TEMPLATE: [125, 400],
  NO_SUCH_CONTAINER: [125, 404],
  NO_SUCH_IMAGE: [125, 404],
  NO_SUCH_LAYER: [125, 404],
  NO_SUCH_VOLUME: [125, 404],
  /** `volume rm` of a volume a container uses: podman exits 2. */
  VOLUME_IN_USE: [2, 409],
  NAME_IN_USE: [125, 409],
  NO_SUCH_NETWORK: [125, 404],
  NO_SUCH_EXEC_SESSION: [125, 404],
  /** `network rm` of a network containers use, without -f: podman exits 2. */
  NETWORK_IN_USE: [2, 409],
  IMAGE_IN_USE: [125, 409],
  CONTAINER_STATE: [125, 409],
  /** rm of a running or paused container without -f (podman rm exits 2). */
  CONTAINER_RUNNING: [2, 409],
  DIGEST_MISMATCH: [125, 500],
  /** A pulled layer's tar would write outside its root, through a symlink, or is malformed. */
  LAYER_UNSAFE: [125, 500],
  STORAGE: [125, 500],
  RUNTIME_UNAVAILABLE: [125, 500],
  CONMON_UNAVAILABLE: [125, 500],
  ROOT_UNWRITABLE: [125, 500],
  HOST_COMMAND_FAILED: [125, 500],
  CANNOT_INVOKE: [126, 500],
  COMMAND_NOT_FOUND: [127, 500],
  INTERNAL: [125, 500],
  UNAUTHORIZED: [125, 401],
  NOT_LOGGED_IN: [125, 400],
  MANIFEST_UNKNOWN: [125, 404],
  BLOB_UNKNOWN: [125, 404],
  REGISTRY_UNREACHABLE: [125, 502],
  REGISTRY_ERROR: [125, 502],
  /** `load`: not a docker-archive or oci-archive, or a truncated/corrupt one. */
  ARCHIVE_INVALID: [125, 400],
} as const satisfies Record<string, readonly [number, number]>;

export type ErrorCode = keyof typeof errorCodes;

export interface BerthErrorOptions {
  /** One sentence telling the user how to fix it. */
  hint?: string;
  cause?: unknown;
}

export class BerthError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;

  constructor(code: ErrorCode, message: string, options: BerthErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'BerthError';
    this.code = code;
    this.hint = options.hint;
  }

  get exitStatus(): number {
    return errorCodes[this.code][0];
  }

  get httpStatus(): number {
    return errorCodes[this.code][1];
  }
}

export function isBerthError(error: unknown): error is BerthError {
  return error instanceof BerthError;
}

/** The message of any thrown value, for wrapping causes. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
