// Where registry credentials live, as podman and containers/image decide it: the primary
// auth.json (read and written by login/logout) and the read-only fallbacks. Path logic only:
// never reads or writes credentials.

import { join } from 'node:path';

export interface AuthPath {
  path: string;
  /** `~/.dockercfg`: the top level is the `auths` map itself. */
  legacyFormat: boolean;
}

export interface AuthFileOptions {
  /** Reads REGISTRY_AUTH_FILE, DOCKER_CONFIG, XDG_RUNTIME_DIR, XDG_CONFIG_HOME. */
  env: Record<string, string | undefined>;
  uid: number;
  homeDir: string;
  /** --authfile */
  authFile?: string;
  /** Whether a directory exists (only XDG_RUNTIME_DIR is checked). */
  dirExists: (path: string) => boolean;
}

export interface AuthFileLocations {
  /** The file login writes and lookups read first; undefined when XDG_RUNTIME_DIR is set but missing. */
  primary: string | undefined;
  /** --authfile, REGISTRY_AUTH_FILE or DOCKER_CONFIG chose it: then no fallbacks are read. */
  userSpecified: boolean;
  /** Every file to read credentials from, in order. */
  readPaths: AuthPath[];
  /** The warning podman logs when XDG_RUNTIME_DIR points nowhere. */
  warning: string | undefined;
}

/** podman's --authfile default (containers/common auth.GetDefaultAuthFile). */
export function defaultAuthFileFlag(env: AuthFileOptions['env']): string | undefined {
  if (env['REGISTRY_AUTH_FILE']) return env['REGISTRY_AUTH_FILE'];
  if (env['DOCKER_CONFIG']) return join(env['DOCKER_CONFIG'], 'config.json');
  return undefined;
}

export function authFileLocations(options: AuthFileOptions): AuthFileLocations {
  const { env, homeDir } = options;
  const chosen = options.authFile || defaultAuthFileFlag(env);
  if (chosen)
    return {
      primary: chosen,
      userSpecified: true,
      readPaths: [{ path: chosen, legacyFormat: false }],
      warning: undefined,
    };

  let primary: string | undefined;
  let warning: string | undefined;
  const runtimeDir = env['XDG_RUNTIME_DIR'];
  if (runtimeDir) {
    if (options.dirExists(runtimeDir)) {
      primary = join(runtimeDir, 'containers/auth.json');
    } else {
      warning =
        `"${runtimeDir}" directory set by $XDG_RUNTIME_DIR does not exist. Either create the directory or unset $XDG_RUNTIME_DIR.: ` +
        `stat ${runtimeDir}: no such file or directory: Trying to pull image in the event that it is a public image.`;
    }
  } else {
    primary = `/run/containers/${options.uid}/auth.json`;
  }

  const readPaths: AuthPath[] =
    primary === undefined ? [] : [{ path: primary, legacyFormat: false }];
  const configHome = env['XDG_CONFIG_HOME'] || join(homeDir, '.config');
  readPaths.push({ path: join(configHome, 'containers/auth.json'), legacyFormat: false });
  readPaths.push({ path: join(homeDir, '.docker/config.json'), legacyFormat: false });
  readPaths.push({ path: join(homeDir, '.dockercfg'), legacyFormat: true });
  return { primary, userSpecified: false, readPaths, warning };
}
