// Test images made on this machine from Debian's busybox-static: a minimal rootfs tarball and
// its import into a test environment. Nothing is downloaded.
import {
  chmod,
  copyFile,
  mkdir,
  mkdtemp,
  rename,
  rm,
  stat,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { join } from 'node:path';
import type { BerthEnv } from './berth-env.ts';
import { runOk } from './run-process.ts';

export const busyboxBinary = '/bin/busybox';

const passwd =
  'root:x:0:0:root:/root:/bin/sh\n' + 'nobody:x:65534:65534:nobody:/nonexistent:/bin/false\n';
const group = 'root:x:0:\n' + 'nobody:x:65534:\n';

/** The applet names busybox was built with (`busybox --list`), without `busybox` itself. */
export async function busyboxApplets(): Promise<string[]> {
  const list = await runOk([busyboxBinary, '--list']);
  return list
    .split('\n')
    .map((name) => name.trim())
    .filter((name) => name !== '' && name !== 'busybox' && !name.includes('/'));
}

/**
 * Writes `<dir>/busybox-rootfs.tar`: /bin/busybox with a /bin/<applet> -> busybox symlink for
 * each applet, /etc/passwd and /etc/group (root, nobody), /tmp (1777), /proc, /sys, /dev, /root.
 * Entries are owned by 0:0, sorted, with mtime 0, so the tarball is the same on every run.
 * Reuses the tarball if it already exists. Returns its path.
 */
export async function busyboxRootfsTar(dir: string): Promise<string> {
  const tarball = join(dir, 'busybox-rootfs.tar');
  if (await stat(tarball).catch(() => undefined)) return tarball;
  const staging = await mkdtemp(join(dir, 'busybox-rootfs-'));
  try {
    for (const sub of ['bin', 'etc', 'tmp', 'proc', 'sys', 'dev', 'root']) {
      await mkdir(join(staging, sub), { mode: 0o755 });
    }
    await chmod(join(staging, 'tmp'), 0o1777);
    await chmod(join(staging, 'root'), 0o700);
    await copyFile(busyboxBinary, join(staging, 'bin', 'busybox'));
    await chmod(join(staging, 'bin', 'busybox'), 0o755);
    for (const applet of await busyboxApplets()) {
      await symlink('busybox', join(staging, 'bin', applet));
    }
    await writeFile(join(staging, 'etc', 'passwd'), passwd, { mode: 0o644 });
    await writeFile(join(staging, 'etc', 'group'), group, { mode: 0o644 });
    const partial = `${tarball}.partial`;
    await runOk(['tar', '-C', staging, '--sort=name', '--mtime=@0', '--owner=0', '--group=0',
      '--numeric-owner', '-cf', partial, 'bin', 'dev', 'etc', 'proc', 'root', 'sys', 'tmp']); // prettier-ignore
    await rename(partial, tarball);
    return tarball;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/**
 * Imports the busybox rootfs as an image with `berth import TARBALL NAME` (the tarball is
 * built in env.dir). Returns berth's stdout (the image ID); throws with stderr on failure.
 */
export async function importBusybox(env: BerthEnv, name = 'localhost/busybox'): Promise<string> {
  const tarball = await busyboxRootfsTar(env.dir);
  const stdout = await env.berthOk(['import', tarball, name]);
  return stdout.trim();
}
