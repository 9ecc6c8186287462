// The functions a --format template may call: Go's text/template builtins plus podman's
// report.DefaultFuncs (json, join, split, lower, upper, title, truncate, pad) and a few cheap
// string helpers. `and`/`or` are evaluated lazily by the executor; here they only declare arity.

import { goJson } from './go-json.ts';
import { goSprint, goSprintf, goSprintln } from './go-sprintf.ts';
import { goTypeName, isRecord, isTrue, mapZero, sortedKeys } from './go-value.ts';

/** How the executor checks an argument: Go's parameter type, roughly. */
export type ParamKind = 'any' | 'string' | 'int' | 'strings';

export interface TemplateFunc {
  /** Fixed parameters. */
  params: readonly ParamKind[];
  /** Type of any further arguments; absent means the function is not variadic. */
  variadic?: ParamKind;
  call(args: readonly unknown[]): unknown;
}

export type FuncTable = Readonly<Record<string, TemplateFunc>>;

/** A failure inside a function; the executor reports it as "error calling NAME: message". */
export class TemplateFuncError extends Error {}

const str = (v: unknown): string => v as string;
const int = (v: unknown): number => v as number;

function fn(
  params: readonly ParamKind[],
  call: TemplateFunc['call'],
  variadic?: ParamKind,
): TemplateFunc {
  return variadic === undefined ? { params, call } : { params, variadic, call };
}

function index(item: unknown, keys: readonly unknown[]): unknown {
  if (item === undefined) throw new TemplateFuncError('index of untyped nil');
  let current: unknown = item;
  for (const key of keys) {
    if (current === null || current === undefined)
      throw new TemplateFuncError('index of nil pointer');
    if (Array.isArray(current) || typeof current === 'string') {
      const i = indexArg(key, current.length);
      if (i >= current.length) throw new TemplateFuncError(`index out of range: ${i}`);
      current = typeof current === 'string' ? Buffer.from(current)[i] : current[i];
    } else if (isRecord(current)) {
      if (typeof key !== 'string') {
        throw new TemplateFuncError(`value has type ${goTypeName(key)}; should be string`);
      }
      current = Object.hasOwn(current, key) ? current[key] : mapZero(current);
    } else {
      throw new TemplateFuncError(`can't index item of type ${goTypeName(current)}`);
    }
  }
  return current;
}

function indexArg(key: unknown, cap: number): number {
  if (key === null || key === undefined) {
    throw new TemplateFuncError('cannot index slice/array with nil');
  }
  if (typeof key !== 'number' || !Number.isInteger(key)) {
    throw new TemplateFuncError(`cannot index slice/array with type ${goTypeName(key)}`);
  }
  if (key < 0 || key > cap) throw new TemplateFuncError(`index out of range: ${key}`);
  return key;
}

function slice(item: unknown, bounds: readonly unknown[]): unknown {
  if (typeof item !== 'string' && !Array.isArray(item)) {
    throw new TemplateFuncError(`can't slice item of type ${goTypeName(item)}`);
  }
  if (bounds.length > 2) throw new TemplateFuncError(`too many slice indexes: ${bounds.length}`);
  const [low = 0, high = item.length] = bounds.map((b) => indexArg(b, item.length));
  if (low > high) throw new TemplateFuncError(`invalid slice index: ${low} > ${high}`);
  return item.slice(low, high);
}

function length(item: unknown): number {
  if (item === undefined) throw new TemplateFuncError('len of untyped nil');
  if (item === null) throw new TemplateFuncError('len of nil pointer');
  if (typeof item === 'string') return Buffer.byteLength(item);
  if (Array.isArray(item)) return item.length;
  if (isRecord(item)) return sortedKeys(item).length;
  throw new TemplateFuncError(`len of type ${goTypeName(item)}`);
}

type Kind = 'nil' | 'bool' | 'number' | 'string' | 'other';

function basicKind(v: unknown): Kind {
  if (v === null || v === undefined) return 'nil';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number' || typeof v === 'bigint') return 'number';
  if (typeof v === 'string') return 'string';
  return 'other';
}

function eq(first: unknown, others: readonly unknown[]): boolean {
  if (others.length === 0) throw new TemplateFuncError('missing argument for comparison');
  const k1 = basicKind(first);
  for (const other of others) {
    const k2 = basicKind(other);
    if (k1 !== k2) {
      if (k1 !== 'nil' && k2 !== 'nil') {
        throw new TemplateFuncError('incompatible types for comparison');
      }
    } else if (k1 === 'other') {
      throw new TemplateFuncError(`non-comparable type ${goTypeName(first)}`);
    } else if (k1 === 'nil' || first === other) {
      return true;
    } else if (k1 === 'number' && Number(first) === Number(other)) {
      return true;
    }
  }
  return false;
}

function lt(a: unknown, b: unknown): boolean {
  const k1 = basicKind(a);
  const k2 = basicKind(b);
  if (k1 === 'nil' || k1 === 'other' || k2 === 'nil' || k2 === 'other') {
    throw new TemplateFuncError('invalid type for comparison');
  }
  if (k1 !== k2) throw new TemplateFuncError('incompatible types for comparison');
  if (k1 === 'bool') throw new TemplateFuncError('invalid type for comparison');
  return (a as number | string) < (b as number | string);
}

/** strings.Title: upper-case the first letter of each word. */
function title(s: string): string {
  let prev = ' ';
  let out = '';
  for (const ch of s) {
    const separator = /^[\x00-\x7f]$/.test(prev)
      ? !/^[0-9A-Za-z_]$/.test(prev)
      : /^\s$/u.test(prev);
    out += separator ? ch.toUpperCase() : ch;
    prev = ch;
  }
  return out;
}

/** strings.Replace: replace the first n (all if n < 0) non-overlapping instances. */
function replace(s: string, old: string, replacement: string, n: number): string {
  if (n === 0 || old === replacement) return s;
  const parts = old === '' ? [...s] : s.split(old);
  const pieces = old === '' ? ['', ...parts, ''] : parts;
  const limit = n < 0 ? pieces.length - 1 : Math.min(n, pieces.length - 1);
  const glue = old === '' ? '' : old;
  let out = pieces[0] ?? '';
  for (let i = 1; i < pieces.length; i++) {
    out += (i <= limit ? replacement : glue) + (pieces[i] ?? '');
  }
  return out;
}

function truncate(s: string, n: number): string {
  const bytes = Buffer.from(s);
  return bytes.length < n ? s : bytes.subarray(0, Math.max(n, 0)).toString('utf8');
}

function htmlEscape(s: string): string {
  const map: Record<string, string> = {
    '<': '&lt;',
    '>': '&gt;',
    '&': '&amp;',
    "'": '&#39;',
    '"': '&#34;',
    '\0': '\uFFFD',
  };
  return s.replace(/[<>&'"\0]/g, (c) => map[c] ?? c);
}

function urlQueryEscape(s: string): string {
  return [...Buffer.from(s)]
    .map((b) => {
      const c = String.fromCharCode(b);
      if (/[A-Za-z0-9\-_.~]/.test(c)) return c;
      return c === ' ' ? '+' : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
    })
    .join('');
}

const evalArgs = (args: readonly unknown[]): string =>
  args.length === 1 && typeof args[0] === 'string' ? args[0] : goSprint(args);

/** The default function table. */
export const builtinFuncs: FuncTable = {
  // Go text/template builtins.
  and: fn(['any'], () => undefined, 'any'),
  or: fn(['any'], () => undefined, 'any'),
  not: fn(['any'], ([v]) => !isTrue(v)),
  len: fn(['any'], ([v]) => length(v)),
  index: fn(['any'], ([item, ...keys]) => index(item, keys), 'any'),
  slice: fn(['any'], ([item, ...bounds]) => slice(item, bounds), 'any'),
  print: fn([], (args) => goSprint(args), 'any'),
  printf: fn(['string'], ([format, ...args]) => goSprintf(str(format), args), 'any'),
  println: fn([], (args) => goSprintln(args), 'any'),
  html: fn([], (args) => htmlEscape(evalArgs(args)), 'any'),
  urlquery: fn([], (args) => urlQueryEscape(evalArgs(args)), 'any'),
  eq: fn(['any'], ([a, ...rest]) => eq(a, rest), 'any'),
  ne: fn(['any', 'any'], ([a, b]) => !eq(a, [b])),
  lt: fn(['any', 'any'], ([a, b]) => lt(a, b)),
  le: fn(['any', 'any'], ([a, b]) => lt(a, b) || eq(a, [b])),
  gt: fn(['any', 'any'], ([a, b]) => !(lt(a, b) || eq(a, [b]))),
  ge: fn(['any', 'any'], ([a, b]) => !lt(a, b)),
  // podman's report.DefaultFuncs.
  json: fn(['any'], ([v]) => goJson(v)),
  join: fn(['strings', 'string'], ([list, sep]) => (list as string[]).join(str(sep))),
  split: fn(['string', 'string'], ([s, sep]) =>
    str(sep) === '' ? [...str(s)] : str(s).split(str(sep)),
  ),
  lower: fn(['string'], ([s]) => str(s).toLowerCase()),
  upper: fn(['string'], ([s]) => str(s).toUpperCase()),
  title: fn(['string'], ([s]) => title(str(s))),
  truncate: fn(['string', 'int'], ([s, n]) => truncate(str(s), int(n))),
  pad: fn(['string', 'int', 'int'], ([s, pre, post]) =>
    str(s) === ''
      ? ''
      : ' '.repeat(Math.max(int(pre), 0)) + str(s) + ' '.repeat(Math.max(int(post), 0)),
  ),
  // Cheap extras from Go's strings package.
  contains: fn(['string', 'string'], ([s, sub]) => str(s).includes(str(sub))),
  replace: fn(['string', 'string', 'string', 'int'], ([s, o, r, n]) =>
    replace(str(s), str(o), str(r), int(n)),
  ),
  trimSpace: fn(['string'], ([s]) => str(s).trim()),
  hasPrefix: fn(['string', 'string'], ([s, p]) => str(s).startsWith(str(p))),
  hasSuffix: fn(['string', 'string'], ([s, p]) => str(s).endsWith(str(p))),
};
