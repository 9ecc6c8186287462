// Short-name alias tables of registries.conf `[aliases]` and of the machine-written
// short-name-aliases.conf cache: validation, normalization and lookup. Never resolves names
// against search registries (image/ does that) and never writes the cache.

import { join } from 'node:path';
import type { ConfigFs } from './config-fs.ts';
import { asString, asTable, parseToml, quote } from './toml-values.ts';

/** name -> normalized target (no tag/digest), or null when a later file erased the alias with "". */
export type AliasTable = Map<string, { value: string | null; origin: string }>;

const domainComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const domainPattern = `(?:${domainComponent}(?:\\.${domainComponent})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?`;
/** reference.DomainRegexp, anchored: the valid `host[:port]` values. */
export const anchoredDomain = new RegExp(`^${domainPattern}$`);
const pathComponent = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const tagPattern = /^[\w][\w.-]{0,127}$/;

interface ParsedName {
  domain: string;
  path: string;
  tag: string | undefined;
  digest: string | undefined;
}

/** reference.Parse without normalization: the first component is a domain when it parses as one. */
function parseName(input: string): ParsedName {
  const at = input.indexOf('@');
  const digest = at === -1 ? undefined : input.slice(at + 1);
  let name = at === -1 ? input : input.slice(0, at);
  let tag: string | undefined;
  const colon = name.lastIndexOf(':');
  if (colon > name.lastIndexOf('/')) {
    tag = name.slice(colon + 1);
    name = name.slice(0, colon);
  }
  if (name === '' || (tag !== undefined && !tagPattern.test(tag)))
    throw new Error('invalid reference format');
  if (digest !== undefined && !/^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}$/.test(digest)) {
    throw new Error('invalid reference format');
  }
  const parts = name.split('/');
  let domain = '';
  if (parts.length > 1 && anchoredDomain.test(parts[0] ?? '')) domain = parts.shift() ?? '';
  for (const part of parts) {
    if (pathComponent.test(part)) continue;
    if (pathComponent.test(part.toLowerCase()))
      throw new Error('repository name must be lowercase');
    throw new Error('invalid reference format');
  }
  return { domain, path: parts.join('/'), tag, digest };
}

function isRegistryDomain(domain: string): boolean {
  return /[.:]/.test(domain) || domain === 'localhost';
}

/** Checks the left-hand side of an alias: a name without registry, tag or digest. */
export function validateShortName(name: string): void {
  let parsed: ParsedName;
  try {
    parsed = parseName(name);
  } catch (error) {
    throw new Error(`cannot parse short name: ${quote(name)}: ${(error as Error).message}`);
  }
  if (parsed.digest !== undefined)
    throw new Error(`invalid short name ${quote(name)}: must not contain digest`);
  if (parsed.tag !== undefined)
    throw new Error(`invalid short name ${quote(name)}: must not contain tag`);
  if (isRegistryDomain(parsed.domain))
    throw new Error(`invalid short name ${quote(name)}: must not contain registry`);
}

/** Checks and normalizes an alias target (`docker.io/alpine` -> `docker.io/library/alpine`). */
export function parseShortNameValue(alias: string): string {
  let parsed: ParsedName;
  try {
    parsed = parseName(alias);
  } catch (error) {
    throw new Error(`parsing alias ${quote(alias)}: ${(error as Error).message}`);
  }
  if (parsed.digest !== undefined)
    throw new Error(`invalid alias ${quote(alias)}: must not contain digest`);
  if (parsed.tag !== undefined)
    throw new Error(`invalid alias ${quote(alias)}: must not contain tag`);
  if (!isRegistryDomain(parsed.domain)) {
    throw new Error(`invalid alias ${quote(alias)}: must contain registry and repository`);
  }
  let { domain, path } = parsed;
  if (domain === 'index.docker.io') domain = 'docker.io';
  if (domain === 'docker.io' && !path.includes('/')) path = `library/${path}`;
  return `${domain}/${path}`;
}

/** Builds the alias table of one file; reports every malformed entry at once, as containers/image. */
export function aliasTableFrom(aliases: Record<string, string>, origin: string): AliasTable {
  const table: AliasTable = new Map();
  const errors: string[] = [];
  for (const [name, value] of Object.entries(aliases)) {
    try {
      validateShortName(name);
    } catch (error) {
      errors.push((error as Error).message);
    }
    if (value === '') {
      table.set(name, { value: null, origin });
      continue;
    }
    try {
      table.set(name, { value: parseShortNameValue(value), origin });
    } catch (error) {
      errors.push((error as Error).message);
    }
  }
  if (errors.length > 0) throw new Error(errors.reverse().join('\n: '));
  return table;
}

/** Reads `[aliases]` of a parsed TOML document as a string map. */
export function aliasesOf(document: Record<string, unknown>): Record<string, string> | undefined {
  if (document['aliases'] === undefined) return undefined;
  const table = asTable(document['aliases'], 'aliases');
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(table)) out[name] = asString(value, `aliases.${name}`);
  return out;
}

export interface ShortNameAliasCacheOptions {
  env: Record<string, string | undefined>;
  rootless: boolean;
  homeDir: string;
}

/** `/var/cache/containers/short-name-aliases.conf` for root, `${XDG_CACHE_HOME:-~/.cache}/containers/…` rootless. */
export function shortNameAliasesPath(options: ShortNameAliasCacheOptions): string {
  if (!options.rootless) return '/var/cache/containers/short-name-aliases.conf';
  const cacheHome = options.env['XDG_CACHE_HOME'] || join(options.homeDir, '.cache');
  return join(cacheHome, 'containers', 'short-name-aliases.conf');
}

/** Loads the machine-written alias cache; a missing file is an empty table. */
export function loadShortNameAliasCache(fs: ConfigFs, path: string): AliasTable {
  const text = fs.readText(path);
  if (text === undefined) return new Map();
  try {
    return aliasTableFrom(aliasesOf(parseToml(text)) ?? {}, path);
  } catch (error) {
    throw new Error(
      `loading short-name aliases config file ${quote(path)}: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
}
