// Loads registries.conf as containers/image's sysregistriesv2 does (file discovery, drop-ins,
// merge), and answers prefix lookups and `podman info`'s `registries:` object. Never contacts a
// registry and never resolves short names against the search list (image/ does).

import { join } from 'node:path';
import { BerthError, messageOf } from '../lib/berth-error.ts';
import { dropInFiles, nodeConfigFs, type ConfigFs } from './config-fs.ts';
import {
  parseRegistriesFile,
  type ParsedRegistriesFile,
  type RegistryEntry,
  type ShortNameMode,
} from './registries-conf-file.ts';
import { shortNameAliasesPath, type AliasTable } from './short-name-alias.ts';
import { quote } from './toml-values.ts';

export type {
  RegistryEntry,
  RegistryMirror,
  ShortNameMode,
  PullFromMirror,
} from './registries-conf-file.ts';

export const systemRegistriesConfPath = '/etc/containers/registries.conf';
export const systemRegistriesConfDirPath = '/etc/containers/registries.conf.d';

export interface RegistriesConfigOptions {
  /** Reads CONTAINERS_REGISTRIES_CONF (then REGISTRIES_CONFIG_PATH) and XDG_CACHE_HOME. */
  env: Record<string, string | undefined>;
  /** Only chooses the short-name alias cache path; file discovery is by home dir, as podman. */
  rootless: boolean;
  homeDir: string;
  /** Resolve every absolute path under this directory (tests). */
  fsRoot?: string;
  fs?: ConfigFs;
}

export interface RegistriesConfig {
  unqualifiedSearchRegistries: string[];
  /** The file that set unqualifiedSearchRegistries (for "… are defined in \"<file>\"" errors). */
  unqualifiedSearchRegistriesOrigin: string;
  /** Unique prefixes, sorted by prefix. */
  registries: RegistryEntry[];
  /** short name -> normalized target (erased aliases are absent). */
  aliases: Record<string, string>;
  /** short name -> the file that defined it. */
  aliasOrigins: Record<string, string>;
  /** Default 'permissive'. */
  shortNameMode: ShortNameMode;
  /** Default ['containers-auth.json']. */
  credentialHelpers: string[];
  /** Files actually read, in order. */
  sources: string[];
  /** The machine-written alias cache, consulted before `aliases` (see loadShortNameAliasCache). */
  shortNameAliasesPath: string;
}

interface ConfigPaths {
  configPath: string;
  explicit: boolean;
  dropInDirs: string[];
}

/** newConfigWrapperWithHomeDir: which main file and which drop-in directories apply. */
export function registriesConfPaths(
  env: RegistriesConfigOptions['env'],
  homeDir: string,
  fs: ConfigFs,
): ConfigPaths {
  const userFile = join(homeDir, '.config/containers/registries.conf');
  const userDir = join(homeDir, '.config/containers/registries.conf.d');
  const override = env['CONTAINERS_REGISTRIES_CONF'] || env['REGISTRIES_CONFIG_PATH'];
  if (override) {
    // containers/image still reads both drop-in directories with an explicit main file.
    return {
      configPath: override,
      explicit: true,
      dropInDirs: [systemRegistriesConfDirPath, userDir],
    };
  }
  if (fs.exists(userFile)) return { configPath: userFile, explicit: false, dropInDirs: [userDir] };
  return {
    configPath: systemRegistriesConfPath,
    explicit: false,
    dropInDirs: [systemRegistriesConfDirPath, userDir],
  };
}

export function loadRegistriesConfig(options: RegistriesConfigOptions): RegistriesConfig {
  const fs = options.fs ?? nodeConfigFs(options.fsRoot);
  const paths = registriesConfPaths(options.env, options.homeDir, fs);
  const sources: string[] = [];
  const merged = emptyMerge(paths.configPath);
  const main = readFile(
    fs,
    paths.configPath,
    false,
    `loading registries configuration ${quote(paths.configPath)}`,
  );
  if (main === undefined && paths.explicit) {
    throw new BerthError(
      'CONFIG_INVALID',
      `loading registries configuration ${quote(paths.configPath)}: open ${paths.configPath}: no such file or directory`,
    );
  }
  if (main !== undefined) {
    sources.push(paths.configPath);
    mergeInto(merged, main);
  }
  for (const dir of paths.dropInDirs) {
    for (const path of listDropIns(fs, dir)) {
      const dropIn = readFile(
        fs,
        path,
        true,
        `loading drop-in registries configuration ${quote(path)}`,
      );
      if (dropIn === undefined) continue;
      sources.push(path);
      mergeInto(merged, dropIn);
    }
  }
  return finish(merged, sources, shortNameAliasesPath(options));
}

interface MergeState {
  registries: Map<string, RegistryEntry>;
  search: string[];
  searchOrigin: string;
  credentialHelpers: string[] | undefined;
  shortNameMode: ShortNameMode | undefined;
  aliases: AliasTable;
}

function emptyMerge(configPath: string): MergeState {
  return {
    registries: new Map(),
    search: [],
    searchOrigin: configPath,
    credentialHelpers: undefined,
    shortNameMode: undefined,
    aliases: new Map(),
  };
}

/** parsedConfig.updateWithConfigurationFrom: registries by prefix, aliases by name, scalars replaced. */
function mergeInto(state: MergeState, file: ParsedRegistriesFile): void {
  for (const registry of file.registries) state.registries.set(registry.prefix, registry);
  if (file.unqualifiedSearchRegistries !== undefined) {
    state.search = file.unqualifiedSearchRegistries;
    state.searchOrigin = file.path;
  }
  if (file.credentialHelpers !== undefined) state.credentialHelpers = file.credentialHelpers;
  if (file.shortNameMode !== undefined) state.shortNameMode = file.shortNameMode;
  for (const [name, alias] of file.aliases) state.aliases.set(name, alias);
}

function finish(state: MergeState, sources: string[], aliasCachePath: string): RegistriesConfig {
  const aliases: Record<string, string> = {};
  const aliasOrigins: Record<string, string> = {};
  for (const [name, alias] of state.aliases) {
    if (alias.value === null) continue;
    aliases[name] = alias.value;
    aliasOrigins[name] = alias.origin;
  }
  const prefixes = [...state.registries.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    unqualifiedSearchRegistries: state.search,
    unqualifiedSearchRegistriesOrigin: state.searchOrigin,
    registries: prefixes.map((prefix) => state.registries.get(prefix) as RegistryEntry),
    aliases,
    aliasOrigins,
    shortNameMode: state.shortNameMode ?? 'permissive',
    credentialHelpers:
      state.credentialHelpers === undefined || state.credentialHelpers.length === 0
        ? ['containers-auth.json']
        : state.credentialHelpers,
    sources,
    shortNameAliasesPath: aliasCachePath,
  };
}

function readFile(
  fs: ConfigFs,
  path: string,
  forceV2: boolean,
  context: string,
): ParsedRegistriesFile | undefined {
  let text: string | undefined;
  try {
    text = fs.readText(path);
    return text === undefined ? undefined : parseRegistriesFile(text, path, forceV2);
  } catch (error) {
    throw new BerthError('CONFIG_INVALID', `${context}: ${messageOf(error)}`, {
      hint: `Fix or remove ${path} (see containers-registries.conf(5)).`,
      cause: error,
    });
  }
}

function listDropIns(fs: ConfigFs, dir: string): string[] {
  try {
    return dropInFiles(fs, dir);
  } catch (error) {
    throw new BerthError('CONFIG_INVALID', `reading registries.conf.d: ${messageOf(error)}`, {
      cause: error,
    });
  }
}
