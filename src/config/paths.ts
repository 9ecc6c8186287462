// Resolves berth's storage root, runroot and per-user directories for root and rootless users,
// like podman's defaults. Stats directories through an injectable PathChecks; never reads /proc.
import { accessSync, constants, lstatSync, mkdirSync, statSync, type Stats } from 'node:fs';
import { join, resolve } from 'node:path';
import { BerthError } from '../lib/berth-error.ts';

export const ROOTFUL_ROOT = '/var/lib/berth';
export const ROOTFUL_RUNROOT = '/run/berth';

export interface DirectoryStat {
  isDirectory: boolean;
  isSymbolicLink: boolean;
  uid: number;
  mode: number;
}

/** The filesystem questions resolvePaths asks; tests pass a fake. */
export interface PathChecks {
  /** stat(2) of the path (following links), or undefined when it does not exist. */
  stat(path: string): DirectoryStat | undefined;
  /** lstat(2): does not follow a final symbolic link. */
  lstat(path: string): DirectoryStat | undefined;
  isWritable(path: string): boolean;
  /** mkdir with mode 0700; an existing path is not an error. */
  mkdirPrivate(path: string): void;
}

export interface ResolvePathsInput {
  uid: number;
  env: NodeJS.ProcessEnv;
  /** --root */
  rootOverride?: string | undefined;
  /** --runroot */
  runrootOverride?: string | undefined;
  checks?: PathChecks;
}

export interface BerthPaths {
  /** Graph root: images, layers, the database (podman's --root). */
  root: string;
  /** State that must not survive a reboot: locks, conmon sockets, probe caches (--runroot). */
  runroot: string;
  rootless: boolean;
  /** $XDG_CONFIG_HOME or ~/.config; per-user config lives in <configHome>/containers. */
  configHome: string;
  /** $XDG_RUNTIME_DIR when usable; else /run for root, the private fallback for rootless. */
  runtimeDir: string;
}

function toStat(info: Stats): DirectoryStat {
  return {
    isDirectory: info.isDirectory(),
    isSymbolicLink: info.isSymbolicLink(),
    uid: info.uid,
    mode: info.mode,
  };
}

export const nodePathChecks: PathChecks = {
  stat: (path) => {
    const info = statSync(path, { throwIfNoEntry: false });
    return info ? toStat(info) : undefined;
  },
  lstat: (path) => {
    const info = lstatSync(path, { throwIfNoEntry: false });
    return info ? toStat(info) : undefined;
  },
  isWritable: (path) => {
    try {
      accessSync(path, constants.W_OK);
      return true;
    } catch {
      return false;
    }
  },
  mkdirPrivate: (path) => {
    try {
      mkdirSync(path, { mode: 0o700 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  },
};

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

function homeOf(env: NodeJS.ProcessEnv): string {
  const home = nonEmpty(env.HOME);
  if (home === undefined) {
    throw new BerthError(
      'INVALID_ARGUMENT',
      'HOME is not set: set HOME (or XDG_DATA_HOME and XDG_CONFIG_HOME)',
    );
  }
  return home;
}

/** $XDG_RUNTIME_DIR if it is a directory owned by `uid` that `uid` may write, else undefined. */
export function usableRuntimeDir(
  env: NodeJS.ProcessEnv,
  uid: number,
  checks: PathChecks,
): string | undefined {
  const dir = nonEmpty(env.XDG_RUNTIME_DIR);
  if (dir === undefined) return undefined;
  const info = checks.stat(dir);
  if (!info?.isDirectory || info.uid !== uid || !checks.isWritable(dir)) return undefined;
  return dir;
}

/** /tmp/berth-run-UID, created 0700; refuses one that another user made or left open. */
export function privateFallbackDir(uid: number, checks: PathChecks): string {
  const dir = `/tmp/berth-run-${uid}`;
  try {
    checks.mkdirPrivate(dir);
  } catch (error) {
    throw new BerthError(
      'ROOT_UNWRITABLE',
      `cannot create ${dir}: set XDG_RUNTIME_DIR or pass --runroot`,
      { cause: error },
    );
  }
  const info = checks.lstat(dir);
  if (!info?.isDirectory || info.isSymbolicLink || info.uid !== uid || (info.mode & 0o077) !== 0) {
    throw new BerthError(
      'ROOT_UNWRITABLE',
      `${dir} is not a private directory owned by uid ${uid}: remove it or pass --runroot`,
    );
  }
  return dir;
}

/** berth's directories for this user; overrides win and are made absolute. */
export function resolvePaths(input: ResolvePathsInput): BerthPaths {
  const { uid, env } = input;
  const checks = input.checks ?? nodePathChecks;
  const rootOverride = nonEmpty(input.rootOverride);
  const runrootOverride = nonEmpty(input.runrootOverride);
  if (uid === 0) {
    return {
      root: rootOverride ? resolve(rootOverride) : ROOTFUL_ROOT,
      runroot: runrootOverride ? resolve(runrootOverride) : ROOTFUL_RUNROOT,
      rootless: false,
      configHome: nonEmpty(env.XDG_CONFIG_HOME) ?? join(nonEmpty(env.HOME) ?? '/root', '.config'),
      runtimeDir: usableRuntimeDir(env, uid, checks) ?? '/run',
    };
  }
  const dataHome = nonEmpty(env.XDG_DATA_HOME) ?? join(homeOf(env), '.local', 'share');
  const configHome = nonEmpty(env.XDG_CONFIG_HOME) ?? join(homeOf(env), '.config');
  const xdgRuntime = usableRuntimeDir(env, uid, checks);
  const runtimeDir = xdgRuntime ?? privateFallbackDir(uid, checks);
  return {
    root: rootOverride ? resolve(rootOverride) : join(dataHome, 'berth'),
    runroot: runrootOverride
      ? resolve(runrootOverride)
      : xdgRuntime
        ? join(xdgRuntime, 'berth')
        : runtimeDir,
    rootless: true,
    configHome,
    runtimeDir,
  };
}
