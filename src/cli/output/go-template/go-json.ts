// Go's encoding/json output for the `json` template function: compact, struct fields in the
// object's own order, Go maps (goMap) with sorted keys, U+2028/U+2029 escaped. podman's
// `json` turns HTML escaping off (SetEscapeHTML(false)); `escapeHtml` restores json.Marshal's.

import { isGoMap, isRecord, sortedKeys } from './go-value.ts';

const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export class GoJsonError extends Error {}

function quote(s: string, escapeHtml: boolean): string {
  let out = JSON.stringify(s.replace(loneSurrogate, '\uFFFD'))
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
  if (escapeHtml) {
    out = out.replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
  }
  return out;
}

/** Marshals `value` as Go would; throws GoJsonError for NaN and infinities. */
export function goJson(value: unknown, escapeHtml = false): string {
  if (value === undefined || value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return quote(value, escapeHtml);
    case 'number':
      if (!Number.isFinite(value)) {
        throw new GoJsonError(
          `json: unsupported value: ${value > 0 ? '+Inf' : value < 0 ? '-Inf' : 'NaN'}`,
        );
      }
      return JSON.stringify(value);
    case 'boolean':
    case 'bigint':
      return String(value);
    case 'function':
      throw new GoJsonError('json: unsupported type: func()');
    default:
      break;
  }
  if (Array.isArray(value)) return `[${value.map((v) => goJson(v, escapeHtml)).join(',')}]`;
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') return goJson(toJSON.call(value), escapeHtml);
  if (!isRecord(value)) return 'null';
  const keys = isGoMap(value) ? sortedKeys(value) : Object.keys(value);
  const members = keys
    .filter((k) => value[k] !== undefined && typeof value[k] !== 'function')
    .map((k) => `${quote(k, escapeHtml)}:${goJson(value[k], escapeHtml)}`);
  return `{${members.join(',')}}`;
}
