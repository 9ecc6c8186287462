// Mounting and unmounting (mount(8)/umount(8) through runCommand), mount-point checks from
// /proc/self/mountinfo, and the probe whether overlayfs can mount under a graph root.
import { mkdtemp, mkdir, readFile, realpath, rm, writeFile, access } from 'node:fs/promises';
import { join } from 'node:path';
import { log } from '../lib/log.ts';
import { messageOf } from '../lib/berth-error.ts';
import { runCommand } from './command.ts';

/**
 * Mounts an overlay at target. Relative paths in `options` resolve against `cwd`, which keeps
 * the option string (limited to one page) short.
 */
export async function mountOverlay(options: string, target: string, cwd: string): Promise<void> {
  await runCommand(['mount', '-t', 'overlay', '-o', options, 'overlay', target], { cwd });
}

/** Unmounts target; a no-op when nothing is mounted there; lazy unmount when it is busy. */
export async function unmount(target: string): Promise<void> {
  if (!(await isMountPoint(target))) return;
  const result = await runCommand(['umount', target], { allowFailure: true });
  if (result.status === 0 || !(await isMountPoint(target))) return;
  log.debug(`umount ${target} failed (${result.stderr.trim()}), detaching lazily`);
  await runCommand(['umount', '-l', target]);
}

/** Whether path is the mount point of some mount in this mount namespace. */
export async function isMountPoint(path: string): Promise<boolean> {
  let resolved: string;
  try {
    resolved = await realpath(path);
  } catch {
    return false;
  }
  const mountinfo = await readFile('/proc/self/mountinfo', 'utf8');
  for (const line of mountinfo.split('\n')) {
    const mountPoint = line.split(' ')[4];
    if (mountPoint !== undefined && unescapeMountinfo(mountPoint) === resolved) return true;
  }
  return false;
}

/** mountinfo escapes space, tab, newline and backslash as \ooo octal. */
export function unescapeMountinfo(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, octal: string) =>
    String.fromCharCode(Number.parseInt(octal, 8)),
  );
}

/**
 * Whether overlayfs mounts with an upper dir under graphRoot. Probed once by mounting a tiny
 * overlay; the answer is cached in `<runRoot>/overlay-supported` (the runroot is per boot).
 */
export async function overlaySupported(graphRoot: string, runRoot: string): Promise<boolean> {
  const cacheFile = join(runRoot, 'overlay-supported');
  try {
    const cached = (await readFile(cacheFile, 'utf8')).split('\n')[0];
    if (cached === 'yes' || cached === 'no') return cached === 'yes';
  } catch {
    // not probed yet
  }
  const reason = await probeOverlay(graphRoot);
  if (reason !== undefined) log.debug(`overlay is not usable under ${graphRoot}: ${reason}`);
  await mkdir(runRoot, { recursive: true });
  await writeFile(cacheFile, reason === undefined ? 'yes\n' : `no\n${reason}\n`);
  return reason === undefined;
}

/** Returns undefined when an overlay mounted and showed its lower file, else the reason. */
async function probeOverlay(graphRoot: string): Promise<string | undefined> {
  await mkdir(graphRoot, { recursive: true });
  const dir = await mkdtemp(join(graphRoot, '.overlay-probe-'));
  const merged = join(dir, 'merged');
  try {
    for (const sub of ['lower', 'upper', 'work', 'merged']) await mkdir(join(dir, sub));
    await writeFile(join(dir, 'lower', 'probe'), '');
    const mounted = await runCommand(
      [
        'mount',
        '-t',
        'overlay',
        '-o',
        'lowerdir=lower,upperdir=upper,workdir=work',
        'overlay',
        merged,
      ],
      { cwd: dir, allowFailure: true },
    );
    if (mounted.status !== 0) return mounted.stderr.trim() || `mount exit status ${mounted.status}`;
    try {
      await access(join(merged, 'probe'));
      return undefined;
    } catch (error) {
      return `lower file not visible: ${messageOf(error)}`;
    } finally {
      await unmount(merged);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
