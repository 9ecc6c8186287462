// The container's environment, merged in podman's precedence order (reference §9). Pure: host
// variables come in as a record, env files as text already read by the caller.

import { BerthError } from '../lib/berth-error.ts';

/** libpod's built-ins (pkg/env DefaultEnvVariables); `container=podman` so systemd etc. detect us. */
export const builtinEnv = [
  'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
  'container=podman',
] as const;

/** podman's --http-proxy list (containers/common config.ProxyEnv). */
export const proxyEnvNames = [
  'http_proxy',
  'https_proxy',
  'ftp_proxy',
  'no_proxy',
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'FTP_PROXY',
  'NO_PROXY',
] as const;

export interface EnvMergeInput {
  /** Image Config.Env. Entries without `=` are ignored (podman would copy them from the host). */
  imageEnv: readonly string[];
  /** containers.conf `env`. */
  defaultEnv: readonly string[];
  /** --env-file contents, in order. */
  envFiles?: readonly string[];
  /** -e/--env values, in order. */
  userEnv: readonly string[];
  hostEnv: Readonly<Record<string, string | undefined>>;
  httpProxy: boolean;
  envHost?: boolean;
  envMerge?: readonly string[];
  unsetEnv?: readonly string[];
  unsetEnvAll?: boolean;
  tty: boolean;
  hostname: string;
  /** HOME when no source sets it (the user's passwd home), before HOSTNAME as podman orders them. */
  home?: string;
}

type Layer = Map<string, string>;

const whitespace = /^[ \t]+/;

/**
 * podman's pkg/env parseEnv for one `-e`/env-file entry: KEY=VAL sets; KEY copies the host value
 * (dropped when unset); PREFIX* copies every host variable starting with PREFIX.
 */
function parseEnvEntry(layer: Layer, line: string, hostEnv: EnvMergeInput['hostEnv']): void {
  const eq = line.indexOf('=');
  const rawName = eq === -1 ? line : line.slice(0, eq);
  if (rawName === '') {
    throw new BerthError(
      'INVALID_ARGUMENT',
      `invalid environment variable: ${JSON.stringify(line)}`,
    );
  }
  const name = rawName.replace(whitespace, '');
  if (eq !== -1) {
    layer.set(name, line.slice(eq + 1));
  } else if (name.endsWith('*')) {
    const prefix = name.slice(0, -1);
    for (const [key, value] of Object.entries(hostEnv)) {
      if (value !== undefined && key.startsWith(prefix)) layer.set(key, value);
    }
  } else {
    const value = hostEnv[name];
    if (value !== undefined) layer.set(name, value);
  }
}

/** An --env-file: one entry per line, leading blanks trimmed, blank lines and `#` comments skipped. */
export function parseEnvFile(
  text: string,
  hostEnv: EnvMergeInput['hostEnv'],
  into: Layer = new Map(),
): Layer {
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.replace(whitespace, '');
    if (line.length > 0 && !line.startsWith('#')) parseEnvEntry(into, line, hostEnv);
  }
  return into;
}

function entriesLayer(entries: readonly string[], hostEnv: EnvMergeInput['hostEnv']): Layer {
  const layer: Layer = new Map();
  for (const entry of entries) parseEnvEntry(layer, entry, hostEnv);
  return layer;
}

function imageLayer(entries: readonly string[]): Layer {
  const layer: Layer = new Map();
  for (const entry of entries) {
    const eq = entry.indexOf('=');
    if (eq > 0) layer.set(entry.slice(0, eq), entry.slice(eq + 1));
  }
  return layer;
}

/** Expands $VAR and ${VAR} (unset → empty), the part of imagebuilder.ProcessWord --env-merge uses. */
function expand(word: string, lookup: (name: string) => string | undefined): string {
  return word.replace(
    /\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (_m, braced, bare) => {
      const name = typeof braced === 'string' ? braced : String(bare);
      return lookup(name) ?? '';
    },
  );
}

/** Later layers win; lookup walks from the last layer down. */
function lookupIn(layers: readonly Layer[], name: string): string | undefined {
  for (let i = layers.length - 1; i >= 0; i -= 1) {
    const value = layers[i]?.get(name);
    if (value !== undefined) return value;
  }
  return undefined;
}

function hostLayer(input: EnvMergeInput): Layer {
  const layer: Layer = new Map();
  const names = input.envHost ? Object.keys(input.hostEnv) : input.httpProxy ? proxyEnvNames : [];
  for (const name of names) {
    const value = input.hostEnv[name];
    if (value !== undefined) layer.set(name, value);
  }
  return layer;
}

/** The base layers (everything --unsetenv may remove), lowest precedence first. */
function baseLayers(input: EnvMergeInput): Layer[] {
  const layers: Layer[] = [
    input.tty ? new Map([['TERM', 'xterm']]) : new Map(),
    entriesLayer(builtinEnv, input.hostEnv),
    entriesLayer(input.defaultEnv, input.hostEnv),
    imageLayer(input.imageEnv),
  ];
  const merged: Layer = new Map();
  for (const entry of input.envMerge ?? []) {
    const word = expand(entry, (name) => merged.get(name) ?? lookupIn(layers, name));
    parseEnvEntry(merged, word, {});
  }
  layers.push(merged);
  if (input.unsetEnvAll) return [];
  for (const name of input.unsetEnv ?? []) for (const layer of layers) layer.delete(name);
  return layers;
}

/**
 * Merge order, later wins (reference §9): TERM=xterm for -t if still unset, built-ins, containers.conf
 * env, image env, --env-merge, then --unsetenv/--unsetenv-all, then --env-host or the host proxy
 * variables, then --env-file files in order, then -e in order; HOSTNAME=<hostname> if unset.
 *
 * Output order is stable (podman's is Go map order): variables are listed by the source that won,
 * most specific source first (-e, env files, host, env-merge, image, containers.conf, built-ins,
 * TERM), each source in its own order, and HOSTNAME last.
 */
export function mergeEnv(input: EnvMergeInput): string[] {
  const userFiles: Layer = new Map();
  for (const text of input.envFiles ?? []) parseEnvFile(text, input.hostEnv, userFiles);
  const layers = [
    ...baseLayers(input),
    hostLayer(input),
    userFiles,
    entriesLayer(input.userEnv, input.hostEnv),
  ];
  const result: Layer = new Map();
  for (let i = layers.length - 1; i >= 0; i -= 1) {
    for (const [name, value] of layers[i] ?? []) if (!result.has(name)) result.set(name, value);
  }
  if (input.home !== undefined && !result.has('HOME')) result.set('HOME', input.home);
  if (!result.has('HOSTNAME')) result.set('HOSTNAME', input.hostname);
  return [...result].map(([name, value]) => `${name}=${value}`);
}
