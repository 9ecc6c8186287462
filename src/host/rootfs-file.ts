// Reads a file inside a container's rootfs without ever leaving it: every symlink on the way is
// resolved against the rootfs, not the host (like filepath-securejoin), so a hostile image's
// `/etc/passwd -> /etc/shadow` reads the image's own file or nothing.
import { lstat, readFile, readlink } from 'node:fs/promises';
import { posix } from 'node:path';

const maxLinks = 255;

/** The host path of `path` inside `rootfs`, with symlinks resolved inside the rootfs. */
export async function resolveInRootfs(rootfs: string, path: string): Promise<string> {
  let pending = posix.normalize(`/${path}`).split('/').filter(Boolean);
  let resolved: string[] = [];
  let links = 0;
  while (pending.length > 0) {
    const part = pending.shift() ?? '';
    if (part === '.') continue;
    if (part === '..') {
      resolved.pop();
      continue;
    }
    const candidate = posix.join(rootfs, ...resolved, part);
    const stat = await lstat(candidate).catch(() => undefined);
    if (stat?.isSymbolicLink()) {
      if (++links > maxLinks) throw new Error(`too many levels of symbolic links in ${path}`);
      const target = await readlink(candidate);
      if (target.startsWith('/')) resolved = [];
      pending = [...target.split('/').filter(Boolean), ...pending];
      continue;
    }
    resolved.push(part);
  }
  return posix.join(rootfs, ...resolved);
}

/** The text of a file inside the rootfs, or null when it does not exist there. */
export async function readRootfsFile(rootfs: string, path: string): Promise<string | null> {
  try {
    return await readFile(await resolveInRootfs(rootfs, path), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return null;
    throw error;
  }
}
