// Parses ONE registries.conf file (v1 or v2 format) into normalized, validated data, with
// containers/image's checks and messages. Never decides which files to read or how they merge.

import { log } from '../lib/log.ts';
import { aliasesOf, aliasTableFrom, anchoredDomain, type AliasTable } from './short-name-alias.ts';
import {
  asBool,
  asString,
  asStringArray,
  asTable,
  asTableArray,
  parseToml,
  quote,
  type TomlTable,
} from './toml-values.ts';

export const shortNameModes = ['enforcing', 'permissive', 'disabled'] as const;
export type ShortNameMode = (typeof shortNameModes)[number];

export const pullFromMirrorValues = ['', 'all', 'digest-only', 'tag-only'] as const;
export type PullFromMirror = (typeof pullFromMirrorValues)[number];

export interface RegistryMirror {
  location: string;
  /** Allow http:// and unverified TLS for this mirror. */
  insecure: boolean;
  /** '' or 'all': tag and digest pulls; 'digest-only'; 'tag-only'. */
  pullFromMirror: PullFromMirror;
}

/** One `[[registry]]` table after post-processing (prefix defaults to location). */
export interface RegistryEntry {
  /** `host[:port][/ns…][/repo][:tag|@digest]` or `*.example.com`. */
  prefix: string;
  /** Where the prefix really lives; '' only for a wildcard prefix (no rewrite). */
  location: string;
  insecure: boolean;
  blocked: boolean;
  mirrorByDigestOnly: boolean;
  mirrors: RegistryMirror[];
}

export interface ParsedRegistriesFile {
  path: string;
  registries: RegistryEntry[];
  /** undefined when the file does not set the key (an empty list does set it). */
  unqualifiedSearchRegistries: string[] | undefined;
  credentialHelpers: string[] | undefined;
  shortNameMode: ShortNameMode | undefined;
  aliases: AliasTable;
}

const v2Keys = [
  'registry',
  'unqualified-search-registries',
  'credential-helpers',
  'short-name-mode',
  'additional-layer-store-auth-helper',
  'aliases',
];
const v1Sections = ['search', 'insecure', 'block'] as const;

/** Parses and validates one file. Throws a plain Error; the caller adds the file context. */
export function parseRegistriesFile(
  text: string,
  path: string,
  forceV2: boolean,
): ParsedRegistriesFile {
  log.debug(`Loading registries configuration ${quote(path)}`);
  const document = parseToml(text);
  const v1 = readV1(document);
  const v2Set = v2Keys.some((key) => document[key] !== undefined && document[key] !== '');
  let registries: RegistryEntry[];
  let search: string[] | undefined;
  if (v1 !== undefined) {
    if (forceV2) throw new Error('registry must be in v2 format but is in v1');
    if (v2Set) throw new Error('mixing sysregistry v1/v2 is not supported');
    ({ registries, search } = convertV1(v1));
  } else {
    registries = readRegistries(document);
    search = optionalStrings(document, 'unqualified-search-registries');
  }
  registries = postProcessRegistries(registries);
  if (search !== undefined) search = search.map(validateSearchRegistry);
  for (const registry of registries) {
    if (registry.prefix.startsWith('*.') && /[/@:]/.test(registry.prefix)) {
      throw new Error(
        `Wildcarded prefix should be in the format: *.example.com. Current prefix ${quote(registry.prefix)} is incorrectly formatted`,
      );
    }
  }
  let aliases: AliasTable;
  try {
    aliases = aliasTableFrom(aliasesOf(document) ?? {}, path);
  } catch (error) {
    throw new Error(`validating short-name aliases: ${(error as Error).message}`, { cause: error });
  }
  return {
    path,
    registries,
    unqualifiedSearchRegistries: search,
    credentialHelpers: optionalStrings(document, 'credential-helpers'),
    shortNameMode: readShortNameMode(document),
    aliases,
  };
}

function optionalStrings(document: TomlTable, key: string): string[] | undefined {
  return document[key] === undefined ? undefined : asStringArray(document[key], key);
}

function readShortNameMode(document: TomlTable): ShortNameMode | undefined {
  const raw = document['short-name-mode'];
  if (raw === undefined) return undefined;
  const mode = asString(raw, 'short-name-mode');
  if (mode === '') return undefined;
  if (!(shortNameModes as readonly string[]).includes(mode))
    throw new Error(`invalid short-name mode: ${quote(mode)}`);
  return mode as ShortNameMode;
}

type V1Lists = Partial<Record<(typeof v1Sections)[number], string[]>>;

/** The v1 `[registries.*]` lists, or undefined when the file sets none of them. */
function readV1(document: TomlTable): V1Lists | undefined {
  if (document['registries'] === undefined) return undefined;
  const registries = asTable(document['registries'], 'registries');
  const lists: V1Lists = {};
  let set = false;
  for (const section of v1Sections) {
    const table = registries[section];
    if (table === undefined) continue;
    const list = asTable(table, `registries.${section}`)['registries'];
    if (list === undefined) continue;
    lists[section] = asStringArray(list, `registries.${section}.registries`);
    set = true;
  }
  return set ? lists : undefined;
}

/** V1RegistriesConf.ConvertToV2: blocked first, then insecure, one entry per location. */
function convertV1(lists: V1Lists): { registries: RegistryEntry[]; search: string[] | undefined } {
  const byLocation = new Map<string, RegistryEntry>();
  const entry = (raw: string): RegistryEntry => {
    const location = parseLocation(raw);
    let found = byLocation.get(location);
    if (found === undefined) {
      found = {
        prefix: location,
        location,
        insecure: false,
        blocked: false,
        mirrorByDigestOnly: false,
        mirrors: [],
      };
      byLocation.set(location, found);
    }
    return found;
  };
  for (const location of lists.block ?? []) entry(location).blocked = true;
  for (const location of lists.insecure ?? []) entry(location).insecure = true;
  return { registries: [...byLocation.values()], search: lists.search };
}

function readRegistries(document: TomlTable): RegistryEntry[] {
  if (document['registry'] === undefined) return [];
  return asTableArray(document['registry'], 'registry').map((table, index) => {
    const key = `registry[${index}]`;
    const pullFromMirror = table['pull-from-mirror'];
    if (
      pullFromMirror !== undefined &&
      asString(pullFromMirror, `${key}.pull-from-mirror`) !== ''
    ) {
      const prefix = table['prefix'] ?? table['location'];
      throw new Error(
        `pull-from-mirror must not be set for a non-mirror registry ${quote(String(prefix ?? ''))}`,
      );
    }
    return {
      prefix: optionalString(table, 'prefix', key),
      location: optionalString(table, 'location', key),
      insecure: optionalBool(table, 'insecure', key),
      blocked: optionalBool(table, 'blocked', key),
      mirrorByDigestOnly: optionalBool(table, 'mirror-by-digest-only', key),
      mirrors: readMirrors(table, key),
    };
  });
}

function readMirrors(table: TomlTable, key: string): RegistryMirror[] {
  if (table['mirror'] === undefined) return [];
  return asTableArray(table['mirror'], `${key}.mirror`).map((mirror, index) => {
    const mirrorKey = `${key}.mirror[${index}]`;
    return {
      location: optionalString(mirror, 'location', mirrorKey),
      insecure: optionalBool(mirror, 'insecure', mirrorKey),
      pullFromMirror: optionalString(mirror, 'pull-from-mirror', mirrorKey) as PullFromMirror,
    };
  });
}

function optionalString(table: TomlTable, name: string, key: string): string {
  return table[name] === undefined ? '' : asString(table[name], `${key}.${name}`);
}

function optionalBool(table: TomlTable, name: string, key: string): boolean {
  return table[name] === undefined ? false : asBool(table[name], `${key}.${name}`);
}

/** Trims trailing slashes and refuses URI schemes, as containers/image's parseLocation. */
function parseLocation(input: string): string {
  const trimmed = input.replace(/\/+$/, '');
  if (trimmed.startsWith('http://') || trimmed.startsWith('https://')) {
    throw new Error(`invalid location '${input}': URI schemes are not supported`);
  }
  return trimmed;
}

function validateSearchRegistry(raw: string): string {
  const registry = parseLocation(raw);
  if (!anchoredDomain.test(registry))
    throw new Error(`Invalid unqualified-search-registries entry ${quote(registry)}`);
  return registry;
}

/** V2RegistriesConf.postProcessRegistries: defaults, checks, conflicts, then unique prefixes sorted. */
function postProcessRegistries(input: RegistryEntry[]): RegistryEntry[] {
  const byKey = new Map<string, RegistryEntry[]>();
  const entries = input.map((raw) => normalizeRegistry(raw));
  for (const entry of entries) {
    const key = entry.location === '' ? entry.prefix : entry.location;
    byKey.set(key, [...(byKey.get(key) ?? []), entry]);
  }
  for (const entry of entries) {
    for (const other of byKey.get(entry.location === '' ? entry.prefix : entry.location) ?? []) {
      for (const setting of ['insecure', 'blocked'] as const) {
        if (entry[setting] !== other[setting]) {
          throw new Error(
            `registry '${entry.location}' is defined multiple times with conflicting '${setting}' setting`,
          );
        }
      }
    }
  }
  const unique = new Map<string, RegistryEntry>();
  for (const entry of entries) if (!unique.has(entry.prefix)) unique.set(entry.prefix, entry);
  return [...unique.values()].sort((a, b) =>
    a.prefix < b.prefix ? -1 : a.prefix > b.prefix ? 1 : 0,
  );
}

function normalizeRegistry(raw: RegistryEntry): RegistryEntry {
  const location = parseLocation(raw.location);
  let prefix: string;
  if (raw.prefix === '') {
    if (location === '') throw new Error('invalid condition: both location and prefix are unset');
    prefix = location;
  } else {
    prefix = parseLocation(raw.prefix);
    if (!prefix.startsWith('*.') && location === '') {
      throw new Error(
        'invalid condition: location is unset and prefix is not in the format: *.example.com',
      );
    }
  }
  const mirrors = raw.mirrors.map((mirror) => {
    const mirrorLocation = parseLocation(mirror.location);
    if (mirrorLocation === '') throw new Error('invalid condition: mirror location is unset');
    if (raw.mirrorByDigestOnly && mirror.pullFromMirror !== '') {
      throw new Error(
        `cannot set mirror usage mirror-by-digest-only for the registry (${quote(prefix)}) and pull-from-mirror for per-mirror (${quote(mirrorLocation)}) at the same time`,
      );
    }
    if (!(pullFromMirrorValues as readonly string[]).includes(mirror.pullFromMirror)) {
      throw new Error(
        `unsupported pull-from-mirror value ${quote(mirror.pullFromMirror)} for mirror ${quote(mirrorLocation)}`,
      );
    }
    return { ...mirror, location: mirrorLocation };
  });
  return { ...raw, prefix, location, mirrors };
}
