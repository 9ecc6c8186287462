// Turns a container's -v requests into OCI bind mounts: host paths are checked, named and
// anonymous volumes (rows in the volumes table, data under <root>/volumes/NAME/_data) are
// created on first use and filled from the image, as podman's copy-up.
import { existsSync } from 'node:fs';
import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BerthError } from '../lib/berth-error.ts';
import { log } from '../lib/log.ts';
import { chownTree, copyTreeContents } from '../host/volume-fs.ts';
import { resolveInRootfs } from '../host/rootfs-file.ts';
import { mountVolumeDevice } from '../host/volume-mount.ts';
import { parseVolume, volumeMount, type VolumeRequest } from '../spec/volume-spec.ts';
import type { OciMount } from '../spec/oci-types.ts';
import type { EngineContext } from './engine-context.ts';
import { acquireLock } from './named-lock.ts';
import {
  copiedUpMarker,
  ensureVolume,
  randomVolumeName,
  volumeDir,
  volumeLockName,
  volumeNameRe,
} from './volume-store.ts';

/** Validates every -v at create time, so bad input fails before anything is made. */
export function checkVolumes(specs: readonly string[]): void {
  for (const spec of specs) {
    const request = parseVolume(spec);
    if (request.kind === 'named' && !volumeNameRe.test(request.source)) {
      throw new BerthError(
        'INVALID_ARGUMENT',
        `invalid volume name "${request.source}": names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*`,
      );
    }
  }
}

export async function volumeMounts(
  ctx: EngineContext,
  specs: readonly string[],
  rootfs: string,
  user: { uid: number; gid: number },
): Promise<OciMount[]> {
  const mounts: OciMount[] = [];
  for (const spec of specs) {
    const request = parseVolume(spec);
    const source =
      request.kind === 'bind'
        ? await checkedHostPath(request.source)
        : await namedVolume(ctx, request, rootfs);
    if (request.relabel)
      log.debug(
        `volume ${spec}: SELinux is not enabled here; :${request.relabel} relabelling skipped`,
      );
    if (request.chown) await chownTree(source, user.uid, user.gid);
    mounts.push(volumeMount(request, source));
  }
  return mounts;
}

async function checkedHostPath(path: string): Promise<string> {
  try {
    await stat(path);
    return path;
  } catch {
    throw new BerthError('INVALID_ARGUMENT', `statfs ${path}: no such file or directory`);
  }
}

/**
 * The volume's data dir. Its row is created on first use; a volume still marked NeedsCopyUp
 * gets the image's files at the mount point when its data dir is empty (podman's copy-up), and
 * a volume with `--opt type=,device=` has that device mounted on its data dir.
 */
async function namedVolume(
  ctx: EngineContext,
  request: VolumeRequest,
  rootfs: string,
): Promise<string> {
  const record = await ensureVolume(
    ctx,
    request.kind === 'named' ? request.source : randomVolumeName(),
    request.kind === 'anonymous',
  );
  const data = record.mountpoint;
  // Made and filled under the volume's lock, so a `volume rm` never deletes under it.
  await using _lock = await acquireLock(ctx.state, volumeLockName(record.name));
  if (!ctx.state.volumes.get(record.name))
    throw new BerthError(
      'NO_SUCH_VOLUME',
      `no volume with name "${record.name}" found: no such volume`,
    );
  await mkdir(data, { recursive: true, mode: 0o755 });
  const type = record.options['type'];
  if (type !== undefined) {
    await mountVolumeDevice(
      { type, device: record.options['device'] ?? '', options: record.options['o'] ?? '' },
      data,
    );
  }
  const marker = join(volumeDir(ctx, record.name), copiedUpMarker);
  if (existsSync(marker)) return data;
  const imageDir = await resolveInRootfs(rootfs, request.destination);
  const imageEntries = await readdir(imageDir).catch(() => [] as string[]);
  const volumeEntries = await readdir(data).catch(() => [] as string[]);
  if (
    imageEntries.length > 0 &&
    volumeEntries.length === 0 &&
    record.options['nocopy'] === undefined
  )
    await copyTreeContents(imageDir, data);
  await writeFile(marker, '');
  return data;
}
