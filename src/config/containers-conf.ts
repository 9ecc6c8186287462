// Loads containers.conf as podman 4 does: built-in defaults, then the distribution, admin and
// (rootless) user files with their .d drop-ins, CONTAINERS_CONF replacing that list and
// CONTAINERS_CONF_OVERRIDE read last; later files override earlier ones key by key.

import { join } from 'node:path';
import { BerthError, messageOf } from '../lib/berth-error.ts';
import { log } from '../lib/log.ts';
import { dropInFiles, nodeConfigFs, type ConfigFs } from './config-fs.ts';
import { seccompDefaultPath, seccompOverridePath } from './containers-conf-defaults.ts';
import { decodeContainersConfig, type ContainersConfigValues } from './containers-conf-decode.ts';
import { isTable, parseToml, quote, type TomlTable } from './toml-values.ts';

export type { ContainersSection, EngineSection, NetworkSection } from './containers-conf-decode.ts';

export const distributionContainersConfPath = '/usr/share/containers/containers.conf';
export const adminContainersConfPath = '/etc/containers/containers.conf';

export interface ContainersConfigOptions {
  /** Reads CONTAINERS_CONF, CONTAINERS_CONF_OVERRIDE and XDG_CONFIG_HOME. */
  env: Record<string, string | undefined>;
  /** The per-user file (and its .d) is read only for rootless users, as podman 4. */
  rootless: boolean;
  homeDir: string;
  fsRoot?: string;
  fs?: ConfigFs;
}

export interface ContainersConfig extends ContainersConfigValues {
  /** Files actually read, in merge order. */
  sources: string[];
  /** The merged TOML document, for keys berth does not type yet. */
  raw: TomlTable;
}

interface ConfigFile {
  path: string;
  /** Missing files are skipped unless named by an environment variable. */
  envName?: 'CONTAINERS_CONF' | 'CONTAINERS_CONF_OVERRIDE';
}

/** The files to merge, in order (systemConfigs + the _OVERRIDE file). */
export function containersConfFiles(options: ContainersConfigOptions, fs: ConfigFs): ConfigFile[] {
  const files: ConfigFile[] = [];
  const only = options.env['CONTAINERS_CONF'];
  if (only) {
    files.push({ path: only, envName: 'CONTAINERS_CONF' });
  } else {
    files.push({ path: distributionContainersConfPath }, { path: adminContainersConfPath });
    files.push(...dropInFiles(fs, `${adminContainersConfPath}.d`).map((path) => ({ path })));
    if (options.rootless) {
      const configHome = options.env['XDG_CONFIG_HOME'] || join(options.homeDir, '.config');
      const user = join(configHome, 'containers/containers.conf');
      files.push({ path: user }, ...dropInFiles(fs, `${user}.d`).map((path) => ({ path })));
    }
  }
  const override = options.env['CONTAINERS_CONF_OVERRIDE'];
  if (override) files.push({ path: override, envName: 'CONTAINERS_CONF_OVERRIDE' });
  return files;
}

/**
 * Whether any containers.conf file that loadContainersConfig would merge contains `text` at all:
 * a cheap test (no TOML parse) before reading a key that is rarely set. A file that cannot be
 * read counts as mentioning it, so the caller goes on to the full load and its error.
 */
export function containersConfMentions(options: ContainersConfigOptions, text: string): boolean {
  const fs = options.fs ?? nodeConfigFs(options.fsRoot);
  return containersConfFiles(options, fs).some((file) => {
    try {
      return fs.readText(file.path)?.includes(text) ?? file.envName !== undefined;
    } catch {
      return true;
    }
  });
}

export function loadContainersConfig(options: ContainersConfigOptions): ContainersConfig {
  const fs = options.fs ?? nodeConfigFs(options.fsRoot);
  const seccompProfile = fs.exists(seccompOverridePath) ? seccompOverridePath : seccompDefaultPath;
  const raw: TomlTable = {};
  const sources: string[] = [];
  for (const file of containersConfFiles(options, fs)) {
    const document = readDocument(fs, file, seccompProfile);
    if (document === undefined) continue;
    deepMerge(raw, document);
    sources.push(file.path);
    log.debug(`Merged system config ${quote(file.path)}`);
  }
  return { ...decodeContainersConfig(raw, seccompProfile), sources, raw };
}

function readDocument(
  fs: ConfigFs,
  file: ConfigFile,
  seccompProfile: string,
): TomlTable | undefined {
  const context =
    file.envName === 'CONTAINERS_CONF_OVERRIDE'
      ? 'reading additional config'
      : 'reading system config';
  let text: string | undefined;
  try {
    text = fs.readText(file.path);
  } catch (error) {
    throw new BerthError('CONFIG_INVALID', `${context} ${quote(file.path)}: ${messageOf(error)}`, {
      cause: error,
    });
  }
  if (text === undefined) {
    if (file.envName === undefined) return undefined;
    const prefix = file.envName === 'CONTAINERS_CONF' ? 'finding config on system: ' : '';
    throw new BerthError(
      'CONFIG_INVALID',
      `${prefix}${file.envName} file: stat ${file.path}: no such file or directory`,
      { hint: `Unset ${file.envName} or point it at an existing containers.conf(5) file.` },
    );
  }
  try {
    const document = parseToml(text);
    decodeContainersConfig(document, seccompProfile); // reject wrong types with this file's name
    return document;
  } catch (error) {
    throw new BerthError(
      'CONFIG_INVALID',
      `${context} ${quote(file.path)}: decode configuration ${file.path}: ${messageOf(error)}`,
      { hint: `Fix ${file.path} (see containers.conf(5)).`, cause: error },
    );
  }
}

/** Tables merge key by key (so [engine.runtimes] merges per runtime); anything else is replaced. */
function deepMerge(target: TomlTable, source: TomlTable): void {
  for (const [key, value] of Object.entries(source)) {
    const existing = target[key];
    if (isTable(value) && isTable(existing)) deepMerge(existing, value);
    else target[key] = isTable(value) ? structuredClone(value) : value;
  }
}
