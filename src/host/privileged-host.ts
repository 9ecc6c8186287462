// What --privileged hands a container from the host: every device node under /dev and the
// engine's own capability bounding set (as a bit mask; naming the bits is spec/'s job).
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

export interface HostDeviceNode {
  path: string;
  type: 'c' | 'b';
  major: number;
  minor: number;
  fileMode: number;
  uid: number;
  gid: number;
}

/** Character and block devices under /dev (podman skips /dev/pts, /dev/mqueue and /dev/shm). */
export async function listHostDevices(root = '/dev'): Promise<HostDeviceNode[]> {
  const found: HostDeviceNode[] = [];
  const skip = new Set(['pts', 'mqueue', 'shm', 'console', 'ptmx', 'tty']);
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (dir === root && skip.has(entry.name)) continue;
      if (entry.isDirectory()) await walk(path);
      else if (entry.isCharacterDevice() || entry.isBlockDevice()) {
        const info = await stat(path).catch(() => undefined);
        if (!info) continue;
        const rdev = info.rdev;
        const major = Math.floor(rdev / 256) & 0xfff;
        const minor = (rdev & 0xff) | ((Math.floor(rdev / 4096) & 0xfff00) >>> 0);
        found.push({
          path,
          type: entry.isBlockDevice() ? 'b' : 'c',
          major,
          minor,
          fileMode: info.mode & 0o777,
          uid: info.uid,
          gid: info.gid,
        });
      }
    }
  };
  await walk(root);
  return found;
}

/** CapBnd of this process from /proc/self/status. */
export async function readBoundingSetMask(): Promise<bigint> {
  const status = await readFile('/proc/self/status', 'utf8');
  const hex = /^CapBnd:\s*([0-9a-f]+)$/m.exec(status)?.[1] ?? '0';
  return BigInt(`0x${hex}`);
}
