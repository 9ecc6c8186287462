// The read-only file access the config loaders use, so they stay pure over an injected tree:
// tests pass a temp directory as `fsRoot`. Never writes; never touches /proc or /sys.

import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface ConfigFs {
  /** The file's text, or undefined when it does not exist. Other errors throw. */
  readText(path: string): string | undefined;
  /** Names of the non-directory entries of a directory (unsorted), or undefined when it does not exist. */
  listFiles(path: string): string[] | undefined;
  /** Whether anything exists at the path. */
  exists(path: string): boolean;
}

function isNotFound(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** Real file access; every absolute path is resolved under `fsRoot` when given. */
export function nodeConfigFs(fsRoot?: string): ConfigFs {
  const at = (path: string): string => (fsRoot === undefined ? path : join(fsRoot, path));
  return {
    readText(path) {
      try {
        return readFileSync(at(path), 'utf8');
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
      }
    },
    listFiles(path) {
      try {
        return readdirSync(at(path), { withFileTypes: true })
          .filter((entry) => !entry.isDirectory())
          .map((entry) => entry.name);
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
      }
    },
    exists(path) {
      try {
        statSync(at(path));
        return true;
      } catch {
        return false;
      }
    },
  };
}

/** `*.conf` files of a drop-in directory, full paths, in the byte-wise order Go's WalkDir uses. */
export function dropInFiles(fs: ConfigFs, dir: string): string[] {
  const names = fs.listFiles(dir) ?? [];
  return names
    .filter((name) => name.endsWith('.conf'))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((name) => join(dir, name));
}
