// The moby/containers-common seccomp profile file format (seccomp.json), checked from unknown
// JSON into typed data. Validation only: compiling for one container is compile-seccomp.ts.

import { BerthError } from '../lib/berth-error.ts';

export interface SeccompFilter {
  caps: string[];
  arches: string[];
  minKernel?: string;
}

export interface SeccompArgRule {
  index: number;
  value: number;
  valueTwo: number;
  op: string;
}

export interface SeccompRule {
  names: string[];
  action: string;
  args: SeccompArgRule[];
  includes: SeccompFilter;
  excludes: SeccompFilter;
  errnoRet?: number;
  errno?: string;
}

export interface SeccompProfile {
  defaultAction: string;
  defaultErrnoRet?: number;
  defaultErrno?: string;
  architectures: string[];
  archMap: { architecture: string; subArchitectures: string[] }[];
  syscalls: SeccompRule[];
  flags: string[];
  listenerPath?: string;
  listenerMetadata?: string;
}

function invalid(what: string): BerthError {
  return new BerthError('INVALID_ARGUMENT', `decoding seccomp profile failed: ${what}`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalString(
  obj: Record<string, unknown>,
  key: string,
  where: string,
): string | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalid(`${where}.${key} must be a string`);
  return value;
}

function optionalUint(
  obj: Record<string, unknown>,
  key: string,
  where: string,
): number | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw invalid(`${where}.${key} must be a non-negative integer`);
  }
  return value;
}

function stringList(value: unknown, where: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    throw invalid(`${where} must be an array of strings`);
  }
  return value;
}

function list(value: unknown, where: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalid(`${where} must be an array`);
  return value;
}

function parseFilter(value: unknown, where: string): SeccompFilter {
  if (value === undefined || value === null) return { caps: [], arches: [] };
  if (!isRecord(value)) throw invalid(`${where} must be an object`);
  const filter: SeccompFilter = {
    caps: stringList(value.caps, `${where}.caps`),
    arches: stringList(value.arches, `${where}.arches`),
  };
  const minKernel = optionalString(value, 'minKernel', where);
  if (minKernel !== undefined) filter.minKernel = minKernel;
  return filter;
}

function parseArg(value: unknown, where: string): SeccompArgRule {
  if (!isRecord(value)) throw invalid(`${where} must be an object`);
  const op = optionalString(value, 'op', where);
  if (op === undefined) throw invalid(`${where}.op is required`);
  return {
    index: optionalUint(value, 'index', where) ?? 0,
    value: optionalUint(value, 'value', where) ?? 0,
    valueTwo: optionalUint(value, 'valueTwo', where) ?? 0,
    op,
  };
}

function parseRule(value: unknown, where: string): SeccompRule {
  if (!isRecord(value)) throw invalid(`${where} must be an object`);
  const name = optionalString(value, 'name', where);
  const names = stringList(value.names, `${where}.names`);
  if (name !== undefined && name !== '' && names.length > 0) {
    throw invalid(
      `'name' and 'names' were specified in the seccomp profile, use either 'name' or 'names'`,
    );
  }
  const action = optionalString(value, 'action', where);
  if (action === undefined || action === '') throw invalid(`${where}.action is required`);
  const rule: SeccompRule = {
    names: name !== undefined && name !== '' ? [name] : names,
    action,
    args: list(value.args, `${where}.args`).map((arg, i) => parseArg(arg, `${where}.args[${i}]`)),
    includes: parseFilter(value.includes, `${where}.includes`),
    excludes: parseFilter(value.excludes, `${where}.excludes`),
  };
  const errnoRet = optionalUint(value, 'errnoRet', where);
  if (errnoRet !== undefined) rule.errnoRet = errnoRet;
  const errno = optionalString(value, 'errno', where);
  if (errno !== undefined && errno !== '') rule.errno = errno;
  return rule;
}

function parseArchMap(value: unknown): SeccompProfile['archMap'] {
  return list(value, 'archMap').map((entry, i) => {
    if (!isRecord(entry)) throw invalid(`archMap[${i}] must be an object`);
    const architecture = optionalString(entry, 'architecture', `archMap[${i}]`);
    if (architecture === undefined) throw invalid(`archMap[${i}].architecture is required`);
    return {
      architecture,
      subArchitectures: stringList(entry.subArchitectures, `archMap[${i}].subArchitectures`),
    };
  });
}

/** Checks a parsed seccomp.json (any unknown JSON) and returns it typed. */
export function parseSeccompProfile(value: unknown): SeccompProfile {
  if (!isRecord(value)) throw invalid('the profile must be a JSON object');
  const profile: SeccompProfile = {
    defaultAction: optionalString(value, 'defaultAction', 'profile') ?? '',
    architectures: stringList(value.architectures, 'architectures'),
    archMap: parseArchMap(value.archMap),
    syscalls: list(value.syscalls, 'syscalls').map((rule, i) => parseRule(rule, `syscalls[${i}]`)),
    flags: stringList(value.flags, 'flags'),
  };
  const defaultErrnoRet = optionalUint(value, 'defaultErrnoRet', 'profile');
  if (defaultErrnoRet !== undefined) profile.defaultErrnoRet = defaultErrnoRet;
  const defaultErrno = optionalString(value, 'defaultErrno', 'profile');
  if (defaultErrno !== undefined && defaultErrno !== '') profile.defaultErrno = defaultErrno;
  const listenerPath = optionalString(value, 'listenerPath', 'profile');
  if (listenerPath !== undefined && listenerPath !== '') profile.listenerPath = listenerPath;
  const listenerMetadata = optionalString(value, 'listenerMetadata', 'profile');
  if (listenerMetadata !== undefined && listenerMetadata !== '')
    profile.listenerMetadata = listenerMetadata;
  if (profile.architectures.length > 0 && profile.archMap.length > 0) {
    throw invalid(
      `'architectures' and 'archMap' were specified in the seccomp profile, use either 'architectures' or 'archMap'`,
    );
  }
  return profile;
}
