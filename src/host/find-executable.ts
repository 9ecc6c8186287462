// Locates executables the way podman does: the given PATH first, then well-known system
// directories. Stats files only; never runs what it finds.
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { delimiter, isAbsolute, resolve } from 'node:path';

/** Directories searched after PATH, as podman's defaults do for crun, runc and conmon. */
export const systemBinDirs = [
  '/usr/bin',
  '/usr/sbin',
  '/usr/local/bin',
  '/usr/local/sbin',
] as const;

export interface FoundExecutable {
  path: string;
  /** Modification time of the file, for probe caches keyed on the binary. */
  mtimeMs: number;
}

export interface FindExecutableOptions {
  /** PATH to search. Default: process.env.PATH. */
  pathEnv?: string | undefined;
  /** Searched after PATH. Default: systemBinDirs. */
  extraDirs?: readonly string[];
}

/** The file at `path` if it is a regular file this process may execute. */
export async function executableAt(path: string): Promise<FoundExecutable | undefined> {
  try {
    const info = await stat(path);
    if (!info.isFile()) return undefined;
    await access(path, constants.X_OK);
    return { path, mtimeMs: info.mtimeMs };
  } catch {
    return undefined;
  }
}

/** The first executable named `name` on PATH or in the extra directories, or undefined. */
export async function findExecutable(
  name: string,
  options: FindExecutableOptions = {},
): Promise<FoundExecutable | undefined> {
  if (name.includes('/')) return executableAt(resolve(name));
  const pathDirs = (options.pathEnv ?? process.env.PATH ?? '').split(delimiter);
  const dirs = [...pathDirs, ...(options.extraDirs ?? systemBinDirs)];
  const seen = new Set<string>();
  for (const dir of dirs) {
    if (dir === '' || !isAbsolute(dir) || seen.has(dir)) continue;
    seen.add(dir);
    const found = await executableAt(`${dir.replace(/\/+$/, '')}/${name}`);
    if (found) return found;
  }
  return undefined;
}
