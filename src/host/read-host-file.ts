// Reads files of the host's /proc, /sys and /etc under a configurable filesystem root, so every
// probe can run on a fake tree in unit tests. Reads only; never writes, spawns or mounts.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** `path` (absolute, as on the host) seen from `fsRoot` ('/' means the real host). */
export function hostPath(fsRoot: string, path: string): string {
  return fsRoot === '/' ? path : join(fsRoot, path);
}

/** The file's text, or undefined when it does not exist or cannot be read. */
export async function readHostFile(fsRoot: string, path: string): Promise<string | undefined> {
  try {
    return await readFile(hostPath(fsRoot, path), 'utf8');
  } catch {
    return undefined;
  }
}
