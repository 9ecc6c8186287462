// Turns registry answers and socket failures into BerthErrors worded as podman's (containers/image
// errcode: `<code lower-cased, _ as space>: <message>`). Pure: no I/O.
import { BerthError, type ErrorCode } from '../../lib/berth-error.ts';

export interface RegistryErrorEntry {
  code: string;
  message: string;
}

/** The first `{"errors":[{code,message}]}` entry of a body, if it has one. */
export function registryErrorEntry(body: string): RegistryErrorEntry | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const errors = (parsed as { errors?: unknown }).errors;
    if (!Array.isArray(errors) || errors.length === 0) return undefined;
    const first: unknown = errors[0];
    if (typeof first !== 'object' || first === null) return undefined;
    const { code, message } = first as { code?: unknown; message?: unknown };
    return {
      code: typeof code === 'string' ? code : 'UNKNOWN',
      message: typeof message === 'string' ? message : '',
    };
  } catch {
    return undefined;
  }
}

const codeOfRegistry: Record<string, ErrorCode> = {
  UNAUTHORIZED: 'UNAUTHORIZED',
  DENIED: 'UNAUTHORIZED',
  MANIFEST_UNKNOWN: 'MANIFEST_UNKNOWN',
  NAME_UNKNOWN: 'MANIFEST_UNKNOWN',
  BLOB_UNKNOWN: 'BLOB_UNKNOWN',
};

/** `manifest unknown: manifest unknown`, or a status-based text when the body has no errors. */
export function describeRegistryError(
  status: number,
  body: string,
): { code: ErrorCode; text: string } {
  const entry = registryErrorEntry(body);
  if (entry) {
    const text = `${entry.code.toLowerCase().replaceAll('_', ' ')}: ${entry.message}`;
    return { code: codeOfRegistry[entry.code] ?? statusCode(status), text };
  }
  if (status === 401)
    return { code: 'UNAUTHORIZED', text: 'unauthorized: authentication required' };
  if (status === 404)
    return { code: 'MANIFEST_UNKNOWN', text: 'manifest unknown: manifest unknown' };
  return {
    code: statusCode(status),
    text: `received unexpected HTTP status: ${status} ${statusText(status)}`,
  };
}

function statusCode(status: number): ErrorCode {
  if (status === 401 || status === 403) return 'UNAUTHORIZED';
  return 'REGISTRY_ERROR';
}

function statusText(status: number): string {
  const texts: Record<number, string> = {
    400: 'Bad Request', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed',
    429: 'Too Many Requests', 500: 'Internal Server Error', 502: 'Bad Gateway',
    503: 'Service Unavailable', 504: 'Gateway Timeout',
  }; // prettier-ignore
  return texts[status] ?? '';
}

/**
 * Error codes of a socket that may work on a second try. UND_ERR_RES_CONTENT_LENGTH_MISMATCH is
 * a cut body on a `Connection: close` answer: undici takes the socket's end as the body's end.
 */
const transientCodes = new Set([
  'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNABORTED', 'EAI_AGAIN',
  'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
]); // prettier-ignore

export function isTransientNetworkError(error: unknown): boolean {
  for (let current: unknown = error; current instanceof Error; current = current.cause) {
    const code = (current as NodeJS.ErrnoException).code;
    if (code !== undefined && transientCodes.has(code)) return true;
    if (current.message === 'terminated' || current.message === 'other side closed') return true;
  }
  return false;
}

export function isTransientStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status !== 501 && status !== 505);
}

/** Go's net error wording: `dial tcp HOST: connect: connection refused`. */
export function describeNetworkError(error: unknown, host: string): string {
  for (let current: unknown = error; current instanceof Error; current = current.cause) {
    const code = (current as NodeJS.ErrnoException).code;
    if (code === 'ECONNREFUSED') return `dial tcp ${host}: connect: connection refused`;
    if (code === 'ENOTFOUND') return `dial tcp: lookup ${host.replace(/:\d+$/, '')}: no such host`;
    if (code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT')
      return `dial tcp ${host}: i/o timeout`;
    if (code === 'ECONNRESET') return `read tcp ${host}: read: connection reset by peer`;
    if (code !== undefined && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code))
      return `tls: failed to verify certificate: x509: certificate signed by unknown authority (${current.message})`;
  }
  return error instanceof Error ? error.message : String(error);
}

export function unreachable(host: string, url: string, error: unknown): BerthError {
  return new BerthError(
    'REGISTRY_UNREACHABLE',
    `pinging container registry ${host}: Get "${url}": ${describeNetworkError(error, host)}`,
    { cause: error },
  );
}
