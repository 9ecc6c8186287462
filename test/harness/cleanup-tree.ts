// Removes everything a test left under its own temp dir: processes that reference the dir (killed
// by PID, never by name), OCI runtime state whose bundle lives there, mounts, and the dir itself.
// It must never touch anything outside that dir: parallel tests each own one.
import { existsSync } from 'node:fs';
import { readFile, readdir, readlink, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { runProcess } from './run-process.ts';

/** Kills, deletes runtime state, unmounts and removes dir; throws if something survives. */
export async function cleanupTree(dir: string): Promise<void> {
  await killProcessesUnder(dir);
  await deleteRuntimeStateUnder(dir);
  await unmountUnder(dir);
  await killProcessesUnder(dir); // anything a runtime delete or unmount released
  const mounts = await mountsUnder(dir);
  const pids = await processesReferencing(dir);
  if (mounts.length > 0 || pids.length > 0) {
    throw new Error(
      `cleanup of ${dir} left mounts [${mounts.join(', ')}] and processes [${pids.join(', ')}]`,
    );
  }
  await rm(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
}

function isUnder(path: string, dir: string): boolean {
  return path === dir || path.startsWith(`${dir}/`);
}

/** The PIDs (other than this process and its ancestors) whose cmdline, environment, cwd, exe
 *  or root refer to dir. Container processes are found by their root (the overlay `merged`). */
export async function processesReferencing(dir: string): Promise<number[]> {
  const protectedPids = await selfAndAncestors();
  const found: number[] = [];
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    if (protectedPids.has(pid)) continue;
    if (await referencesDir(pid, dir)) found.push(pid);
  }
  return found;
}

async function referencesDir(pid: number, dir: string): Promise<boolean> {
  for (const link of ['cwd', 'exe', 'root']) {
    const target = await readlink(`/proc/${pid}/${link}`).catch(() => '');
    if (isUnder(target.replace(/ \(deleted\)$/, ''), dir)) return true;
  }
  for (const file of ['cmdline', 'environ']) {
    const text = await readFile(`/proc/${pid}/${file}`, 'latin1').catch(() => '');
    if (text.split('\0').some((field) => mentions(field, dir))) return true;
  }
  return false;
}

/** True when text contains dir as a whole path (followed by '/', a separator or the end). */
function mentions(text: string, dir: string): boolean {
  for (let at = text.indexOf(dir); at >= 0; at = text.indexOf(dir, at + 1)) {
    const next = text[at + dir.length];
    if (next === undefined || !/[\w.-]/.test(next)) return true;
  }
  return false;
}

async function selfAndAncestors(): Promise<Set<number>> {
  const pids = new Set<number>([process.pid]);
  let pid = process.pid;
  while (pid > 1) {
    const stat = await readFile(`/proc/${pid}/stat`, 'latin1').catch(() => '');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (!Number.isInteger(ppid) || ppid <= 0 || pids.has(ppid)) break;
    pids.add(ppid);
    pid = ppid;
  }
  return pids;
}

async function isGoneOrZombie(pid: number): Promise<boolean> {
  const stat = await readFile(`/proc/${pid}/stat`, 'latin1').catch(() => '');
  return stat === '' || stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
}

async function killProcessesUnder(dir: string): Promise<void> {
  for (let round = 0; round < 10; round++) {
    const pids = [];
    for (const pid of await processesReferencing(dir)) {
      if (!(await isGoneOrZombie(pid))) pids.push(pid);
    }
    if (pids.length === 0) return;
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    const deadline = Date.now() + 2_000;
    for (const pid of pids) {
      while (!(await isGoneOrZombie(pid)) && Date.now() < deadline) await sleep(20);
    }
  }
}

const hostRuntimeRoots = ['/run/runc', '/run/crun'];

/**
 * Deletes OCI runtime state for containers of this test: every container in a runtime root under
 * dir (berth may keep one under its runroot), and those in the host's default roots whose state
 * mentions dir. `<runtime> --root R delete --force ID` also removes the container's cgroup.
 */
async function deleteRuntimeStateUnder(dir: string): Promise<void> {
  const roots = [...hostRuntimeRoots, ...(await subdirs(dir, 3))];
  for (const root of roots) {
    for (const id of await readdir(root).catch(() => [] as string[])) {
      const entry = join(root, id);
      const runtime = existsSync(join(entry, 'state.json'))
        ? 'runc'
        : existsSync(join(entry, 'status'))
          ? 'crun'
          : undefined;
      if (runtime === undefined) continue;
      if (!isUnder(root, dir)) {
        const state = await readFile(
          join(entry, runtime === 'runc' ? 'state.json' : 'status'),
          'utf8',
        );
        if (!mentions(state, dir)) continue;
      }
      await runProcess([runtime, '--root', root, 'delete', '--force', id], {
        timeoutMs: 10_000,
      }).catch(() => undefined);
      await rm(entry, { recursive: true, force: true });
    }
  }
}

/** Directories under dir down to depth, not crossing mount points (a container's rootfs). */
async function subdirs(dir: string, depth: number): Promise<string[]> {
  const mounts = new Set(await mountsUnder(dir));
  const found: string[] = [];
  const walk = async (path: string, left: number): Promise<void> => {
    if (left === 0) return;
    const entries = await readdir(path, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const child = join(path, entry.name);
      if (!entry.isDirectory() || mounts.has(child)) continue;
      found.push(child);
      await walk(child, left - 1);
    }
  };
  await walk(dir, depth);
  return found;
}

/** Mount points at or under dir, deepest and most recent first. */
export async function mountsUnder(dir: string): Promise<string[]> {
  const text = await readFile('/proc/self/mountinfo', 'utf8');
  const points: { path: string; order: number }[] = [];
  text.split('\n').forEach((line, order) => {
    const field = line.split(' ')[4];
    if (field === undefined) return;
    const path = field.replace(/\\([0-7]{3})/g, (_, octal: string) =>
      String.fromCharCode(parseInt(octal, 8)),
    );
    if (isUnder(path, dir)) points.push({ path, order });
  });
  const depth = (path: string) => path.split('/').length;
  points.sort((a, b) => depth(b.path) - depth(a.path) || b.order - a.order);
  return points.map((point) => point.path);
}

async function unmountUnder(dir: string): Promise<void> {
  for (let round = 0; round < 20; round++) {
    const points = await mountsUnder(dir);
    if (points.length === 0) return;
    for (const path of points) {
      await runProcess(['umount', '-l', path], { timeoutMs: 10_000 }).catch(() => undefined);
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
