// TOML parsing and typed field access for the config loaders, with errors worded like Go's
// BurntSushi/toml decoder. Only decodes; never decides which files to read.

import { parse } from 'smol-toml';

export type TomlTable = Record<string, unknown>;

/** Parses TOML text; throws an Error whose message starts with `toml:` on bad syntax. */
export function parseToml(text: string): TomlTable {
  try {
    return parse(text) as TomlTable;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`toml: ${message.split('\n')[0] ?? message}`, { cause: error });
  }
}

export function isTable(value: unknown): value is TomlTable {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date)
  );
}

function tomlType(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value instanceof Date) return 'datetime';
  if (isTable(value)) return 'table';
  if (typeof value === 'number' || typeof value === 'bigint') {
    return typeof value === 'number' && !Number.isInteger(value) ? 'float' : 'integer';
  }
  return typeof value === 'boolean' ? 'boolean' : typeof value;
}

function mismatch(key: string, value: unknown, want: string): Error {
  return new Error(
    `toml: incompatible types: TOML value of key "${key}" has type ${tomlType(value)}; destination has type ${want}`,
  );
}

export function asString(value: unknown, key: string): string {
  if (typeof value !== 'string') throw mismatch(key, value, 'string');
  return value;
}

export function asBool(value: unknown, key: string): boolean {
  if (typeof value !== 'boolean') throw mismatch(key, value, 'boolean');
  return value;
}

export function asInt(value: unknown, key: string): number {
  if (typeof value === 'bigint') return Number(value);
  if (typeof value !== 'number' || !Number.isInteger(value)) throw mismatch(key, value, 'integer');
  return value;
}

export function asStringArray(value: unknown, key: string): string[] {
  if (!Array.isArray(value)) throw mismatch(key, value, 'slice');
  return value.map((item, index) => asString(item, `${key}[${index}]`));
}

export function asTable(value: unknown, key: string): TomlTable {
  if (!isTable(value)) throw mismatch(key, value, 'struct');
  return value;
}

export function asTableArray(value: unknown, key: string): TomlTable[] {
  if (!Array.isArray(value)) throw mismatch(key, value, 'slice');
  return value.map((item, index) => asTable(item, `${key}[${index}]`));
}

/** Go's %q for the plain strings that appear in config errors. */
export function quote(value: string): string {
  return JSON.stringify(value);
}
