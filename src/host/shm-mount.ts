// Mounts and unmounts the tmpfs a container gets as /dev/shm (podman: `shm` under the
// container's userdata, size from --shm-size, nosuid,nodev,noexec).
import { mkdir } from 'node:fs/promises';
import { runCommand } from './command.ts';

export async function mountShm(path: string, sizeBytes: number): Promise<void> {
  await mkdir(path, { recursive: true, mode: 0o700 });
  await runCommand([
    'mount',
    '-t',
    'tmpfs',
    '-o',
    `nosuid,nodev,noexec,mode=1777,size=${Math.floor(sizeBytes / 1024)}k`,
    'shm',
    path,
  ]);
}

/** Idempotent: a path that is not mounted is fine. */
export async function unmountPath(path: string): Promise<void> {
  await runCommand(['umount', path], { allowFailure: true });
}
