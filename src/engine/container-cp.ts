// `berth cp`: copies between the host and a container's rootfs (running or stopped). Container
// paths are resolved inside the rootfs, so a symlink in the container never reaches the host.
import { stat } from 'node:fs/promises';
import { basename, posix } from 'node:path';
import { BerthError } from '../lib/berth-error.ts';
import { copyPath } from '../host/copy-path.ts';
import { resolveInRootfs } from '../host/rootfs-file.ts';
import type { EngineContext } from './engine-context.ts';
import { withRootfs } from './container-mount.ts';

export type CopyDirection = 'from-container' | 'to-container';

export async function copyContainerFiles(
  ctx: EngineContext,
  id: string,
  direction: CopyDirection,
  containerPath: string,
  hostPath: string,
): Promise<void> {
  await withRootfs(ctx, id, async (rootfs) => {
    if (direction === 'from-container') await copyOut(rootfs, containerPath, hostPath);
    else await copyIn(rootfs, hostPath, containerPath);
  });
}

async function copyOut(rootfs: string, containerPath: string, hostPath: string): Promise<void> {
  const contents = containerPath.endsWith('/.');
  const source = await resolveInRootfs(rootfs, containerPath);
  await stat(source).catch((cause: unknown) => {
    throw new BerthError(
      'NO_SUCH_PATH',
      `"${containerPath}" could not be found on container: no such file or directory`,
      { cause },
    );
  });
  await copyPath(contents ? `${source}/.` : source, hostPath);
}

async function copyIn(rootfs: string, hostPath: string, containerPath: string): Promise<void> {
  const info = await stat(hostPath).catch((cause: unknown) => {
    throw new BerthError(
      'NO_SUCH_PATH',
      `"${hostPath}" could not be found on the host: no such file or directory`,
      { cause },
    );
  });
  const target = await resolveInRootfs(rootfs, containerPath);
  const targetInfo = await stat(target).catch(() => undefined);
  if (!targetInfo) {
    const parent = await stat(await resolveInRootfs(rootfs, posix.dirname(containerPath))).catch(
      () => undefined,
    );
    if (!parent?.isDirectory())
      throw new BerthError(
        'NO_SUCH_PATH',
        `"${posix.dirname(containerPath)}" could not be found on container: no such file or directory`,
      );
  }
  // Into an existing dir, resolve the new entry inside the rootfs too, so a link there is not followed.
  const destination =
    targetInfo?.isDirectory() && !hostPath.endsWith('/.')
      ? await resolveInRootfs(rootfs, posix.join(containerPath, basename(hostPath)))
      : target;
  if (!info.isDirectory() && !info.isFile() && !info.isSymbolicLink())
    throw new BerthError('INVALID_ARGUMENT', `"${hostPath}" is not a file or directory`);
  await copyPath(hostPath, destination);
}
