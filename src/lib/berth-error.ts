// The one error type every layer throws: a stable code, a message in podman's words, an optional
// hint and cause. The code table maps each code to the CLI exit status and the REST API status.
// Never match on message text; match on `code`. Across an interface (a report, the REST API) an
// error travels as ErrorData, plain JSON, and is rebuilt with BerthError.fromData.

/** code -> [exit status, HTTP status]. Exit status is 125 (engine error) unless listed otherwise. */
export const errorCodes = {
  USAGE: [125, 400],
  INVALID_ARGUMENT: [125, 400],
  /** A name or ID prefix that matches more than one container or image: give more of it. */
  AMBIGUOUS_REFERENCE: [125, 400],
  /** A path named by the user that does not exist (`cp` source or destination). */
  NO_SUCH_PATH: [125, 404],
  /** Refused by the host's policy: a blocked registry, policy.json's reject. */
  POLICY_DENIED: [125, 403],
  /** Valid input berth cannot act on yet (a network mode, signature type, schema 1 image). */
  NOT_SUPPORTED: [125, 501],
  /**
   * A host config file (containers.conf, registries.conf, policy.json, a seccomp profile) is
   * missing or invalid: the server's fault, not the request's.
   */
  CONFIG_INVALID: [125, 500],
  /** A host port a container would publish is bound already (`address already in use`). */
  PORT_IN_USE: [125, 409],
  /** A subnet or IP address another network or container already has. */
  ADDRESS_IN_USE: [125, 409],
  /** `network connect` of a container that is on that network already. */
  ALREADY_CONNECTED: [125, 409],
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
  /** A named lock stayed held by a live process past the wait limit. */
  LOCK_TIMEOUT: [125, 503],
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

/**
 * An error as plain, serialisable data: what reports carry and the REST API sends. `cause` is the
 * wrapped error's data; a cause that was no BerthError (a host error) becomes INTERNAL with its message.
 */
export interface ErrorData {
  code: ErrorCode;
  message: string;
  hint?: string;
  cause?: ErrorData;
}

/** How deep a chain of causes toErrorData follows (causes can form a cycle). */
const maxCauseDepth = 8;

export class BerthError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;

  constructor(code: ErrorCode, message: string, options: BerthErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'BerthError';
    this.code = code;
    this.hint = options.hint;
  }

  /** Rebuilds the error a report or the REST API carried as data (an unknown code becomes INTERNAL). */
  static fromData(data: ErrorData): BerthError {
    const options: BerthErrorOptions = {};
    if (data.hint !== undefined) options.hint = data.hint;
    if (data.cause !== undefined) options.cause = BerthError.fromData(data.cause);
    return new BerthError(isErrorCode(data.code) ? data.code : 'INTERNAL', data.message, options);
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

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(errorCodes, value);
}

/** The exit status the CLI gives an error of this code (125 unless the table says otherwise). */
export function exitStatusOf(error: Pick<ErrorData, 'code'>): number {
  return isErrorCode(error.code) ? errorCodes[error.code][0] : 125;
}

/** Any thrown value as ErrorData: a BerthError's own fields, anything else INTERNAL with its message. */
export function toErrorData(error: unknown, depth = 0): ErrorData {
  if (!isBerthError(error)) return { code: 'INTERNAL', message: messageOf(error) };
  const data: ErrorData = { code: error.code, message: error.message };
  if (error.hint !== undefined) data.hint = error.hint;
  if (error.cause !== undefined && depth < maxCauseDepth)
    data.cause = toErrorData(error.cause, depth + 1);
  return data;
}

/** A guard for ErrorData read from the wire (a REST response body); codes this build does not know fail it. */
export function isErrorData(value: unknown): value is ErrorData {
  if (typeof value !== 'object' || value === null) return false;
  const { code, message, hint, cause } = value as Record<string, unknown>;
  return (
    isErrorCode(code) &&
    typeof message === 'string' &&
    (hint === undefined || typeof hint === 'string') &&
    (cause === undefined || isErrorData(cause))
  );
}

/** The message of any thrown value, for wrapping causes. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
