// Bytes used by the files under a directory (regular files and symlinks by their size, as
// podman's container size counts them); never follows links. 0 when the directory is missing.
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';

export async function treeSize(dir: string): Promise<number> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  let total = 0;
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += await treeSize(path);
    else if (entry.isFile() || entry.isSymbolicLink())
      total += (await lstat(path).catch(() => ({ size: 0 }))).size;
  }
  return total;
}
