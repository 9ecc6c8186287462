// Turns a container's -v requests into OCI bind mounts: host paths are checked, named and
// anonymous volumes live under <root>/volumes/NAME/_data and are created (and filled from the
// image, as podman's copy-up) on first use.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { BerthError } from '../lib/berth-error.ts';
import { log } from '../lib/log.ts';
import { chownTree, copyTreeContents } from '../host/volume-fs.ts';
import { resolveInRootfs } from '../host/rootfs-file.ts';
import { parseVolume, volumeMount, type VolumeRequest } from '../spec/volume-spec.ts';
import type { OciMount } from '../spec/oci-types.ts';
import type { EngineContext } from './engine-context.ts';

const volumeNameRe = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

/** Validates every -v at create time, so bad input fails before anything is made. */
export function checkVolumes(specs: readonly string[]): void {
  for (const spec of specs) {
    const request = parseVolume(spec);
    if (request.kind === 'named' && !volumeNameRe.test(request.source)) {
      throw new BerthError('INVALID_ARGUMENT', `invalid volume name "${request.source}": names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*`);
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
    const source = request.kind === 'bind' ? await checkedHostPath(request.source) : await namedVolume(ctx, request, rootfs);
    if (request.relabel) log.debug(`volume ${spec}: SELinux is not enabled here; :${request.relabel} relabelling skipped`);
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

/** The volume's data dir; a new volume gets the image's files at the mount point (copy-up). */
async function namedVolume(ctx: EngineContext, request: VolumeRequest, rootfs: string): Promise<string> {
  const name = request.kind === 'named' ? request.source : randomBytes(32).toString('hex');
  const volumeDir = join(ctx.paths.root, 'volumes', name);
  const data = join(volumeDir, '_data');
  if (existsSync(data)) return data;
  // Build the volume in a temp dir and rename it into place, so a crash never leaves half a copy-up.
  const staging = join(ctx.paths.root, 'volumes', `.staging-${randomBytes(6).toString('hex')}`);
  await mkdir(join(staging, '_data'), { recursive: true, mode: 0o755 });
  const imageDir = await resolveInRootfs(rootfs, request.destination);
  const imageEntries = await readdir(imageDir).catch(() => [] as string[]);
  if (imageEntries.length > 0) await copyTreeContents(imageDir, join(staging, '_data'));
  await rename(staging, volumeDir).catch(async (error: NodeJS.ErrnoException) => {
    if (!existsSync(data)) throw error; // another container created it first: use theirs
  });
  return data;
}
