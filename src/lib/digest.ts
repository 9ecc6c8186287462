// The `Digest` branded type (`sha256:<64 hex>`) and its parse/compute helpers.
// Pure: no I/O. Only sha256 is accepted, as in OCI images berth handles.
import { createHash } from 'node:crypto';
import { BerthError } from './berth-error.ts';

export type Digest = string & { readonly __brand: 'Digest' };

const digestRe = /^sha256:[a-f0-9]{64}$/;
const hexRe = /^[a-f0-9]{64}$/;

export function isDigest(value: string): value is Digest {
  return digestRe.test(value);
}

/** Validates `sha256:<64 lowercase hex>`; throws INVALID_ARGUMENT otherwise. */
export function parseDigest(value: string): Digest {
  if (isDigest(value)) return value;
  if (value.includes(':') && !value.startsWith('sha256:')) {
    throw new BerthError('INVALID_ARGUMENT', `unsupported digest algorithm: ${value}`);
  }
  throw new BerthError('INVALID_ARGUMENT', `invalid digest "${value}": expected sha256:<64 hex>`);
}

/** `sha256:` + hex; throws INVALID_ARGUMENT if hex is not 64 lowercase hex characters. */
export function digestFromHex(hex: string): Digest {
  if (!hexRe.test(hex)) throw new BerthError('INVALID_ARGUMENT', `invalid sha256 hex "${hex}"`);
  return `sha256:${hex}` as Digest;
}

export function sha256Digest(data: Buffer | string): Digest {
  return `sha256:${createHash('sha256').update(data).digest('hex')}` as Digest;
}

/** The 64 hex characters after `sha256:`. */
export function digestHex(digest: Digest): string {
  return digest.slice('sha256:'.length);
}
