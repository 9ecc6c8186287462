// How JS data looks to a Go template: type names, truthiness, %v printing, maps vs structs.
// Plain objects act as Go structs (unknown field = error); objects marked with `goMap` act as
// maps (unknown key = <no value>). Arrays are slices; null is nil; undefined is "no value".

/** Marks an object as a Go map; the value is the element zero value `index` returns. */
export const GO_MAP_ZERO: unique symbol = Symbol('berth.goMapZero');
/** Optional Go type name of an object, shown in errors ("*define.InspectContainerData"). */
export const GO_TYPE_NAME: unique symbol = Symbol('berth.goTypeName');

type Tagged = { [GO_MAP_ZERO]?: unknown; [GO_TYPE_NAME]?: string };

/**
 * A copy of `record` that templates treat as a Go map (podman's Labels, Annotations...):
 * `.missing` renders `<no value>` instead of failing, `index .M "missing"` returns `zero`.
 */
export function goMap<T extends object>(record: T, zero: unknown = undefined): T {
  const copy = { ...record };
  Object.defineProperty(copy, GO_MAP_ZERO, { value: { zero }, enumerable: false });
  return copy;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isGoMap(value: unknown): boolean {
  return isRecord(value) && GO_MAP_ZERO in value;
}

/** The zero value `index` yields for a missing key: the marked zero, or one guessed from values. */
export function mapZero(map: Record<string, unknown>): unknown {
  const marker = (map as Tagged)[GO_MAP_ZERO];
  if (isRecord(marker)) return marker['zero'];
  const values = Object.values(map);
  if (values.length === 0) return undefined;
  if (values.every((v) => typeof v === 'string')) return '';
  if (values.every((v) => typeof v === 'number')) return 0;
  if (values.every((v) => typeof v === 'boolean')) return false;
  return undefined;
}

/** Keys a template sees on an object, sorted as Go sorts map keys; methods excluded. */
export function sortedKeys(record: Record<string, unknown>): string[] {
  return Object.keys(record)
    .filter((k) => typeof record[k] !== 'function')
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

export function goTypeName(value: unknown): string {
  if (value === undefined || value === null) return '<nil>';
  switch (typeof value) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
    case 'number':
      return Number.isInteger(value) ? 'int' : 'float64';
    case 'bigint':
      return 'int64';
    case 'function':
      return 'func';
    default:
      break;
  }
  if (Array.isArray(value)) return '[]interface {}';
  const tagged = value as Tagged;
  if (typeof tagged[GO_TYPE_NAME] === 'string') return tagged[GO_TYPE_NAME];
  if (isGoMap(value)) return 'map[string]interface {}';
  const ctor = (value as { constructor?: { name?: string } }).constructor;
  return ctor && ctor !== Object && ctor.name ? ctor.name : 'struct';
}

/** Go's template truth: false, 0, nil, and empty strings, slices and maps are false. */
export function isTrue(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'string') return value.length > 0;
  if (typeof value === 'number') return value !== 0 && !Number.isNaN(value);
  if (typeof value === 'bigint') return value !== 0n;
  if (typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.length > 0;
  if (isRecord(value)) return sortedKeys(value).length > 0;
  return true;
}

/** An integer prints as Go's int; anything else as float64 with %v (strconv 'g', shortest). */
export function formatGoNumber(x: number): string {
  if (Number.isInteger(x)) return Math.abs(x) < 1e21 ? String(x) : BigInt(x).toString();
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '+Inf' : '-Inf';
  const [mantissa = '', expText = '0'] = x.toExponential().split('e');
  const exp = Number(expText);
  if (exp < -4 || exp >= 6) return `${mantissa}e${goExponent(exp)}`;
  return String(x);
}

/** Go writes exponents with a sign and at least two digits: e+06, e-10. */
export function goExponent(exp: number): string {
  return (exp < 0 ? '-' : '+') + String(Math.abs(exp)).padStart(2, '0');
}

function customString(value: object): string | undefined {
  const toString = (value as { toString?: unknown }).toString;
  if (typeof toString !== 'function' || toString === Object.prototype.toString) return undefined;
  if (Array.isArray(value)) return undefined;
  return String(toString.call(value));
}

/** fmt.Sprint of one value (%v). At top level nil prints `<no value>` as templates do. */
export function formatGoValue(value: unknown, nested = false): string {
  if (value === undefined || value === null) return nested ? '<nil>' : '<no value>';
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
      return formatGoNumber(value);
    case 'boolean':
    case 'bigint':
      return String(value);
    case 'function':
      return '<func>';
    default:
      break;
  }
  if (Array.isArray(value)) return `[${value.map((v) => formatGoValue(v, true)).join(' ')}]`;
  if (isRecord(value)) {
    const custom = customString(value);
    if (custom !== undefined) return custom;
    const parts = sortedKeys(value).map((k) => `${k}:${formatGoValue(value[k], true)}`);
    return `map[${parts.join(' ')}]`;
  }
  return String(value);
}
