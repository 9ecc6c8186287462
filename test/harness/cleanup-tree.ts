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

/**
 * The PIDs (other than this process and its ancestors) that belong to dir: those whose cmdline,
 * environment, cwd, exe or root refer to it, those in another mount namespace whose `/` is a
 * mount of dir (a container on a rootfs there), and all their descendants.
 */
export async function processesReferencing(dir: string): Promise<number[]> {
  const protectedPids = await selfAndAncestors();
  const ownNamespace = await readlink('/proc/self/ns/mnt');
  const dirMounts = await mountKeysUnder(dir);
  const parents = new Map<number, number>();
  const found = new Set<number>();
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    parents.set(pid, await parentOf(pid));
    if (protectedPids.has(pid)) continue;
    if ((await referencesDir(pid, dir)) || (await rootedIn(pid, dir, ownNamespace, dirMounts))) {
      found.add(pid);
    }
  }
  // Descendants: a container's processes under conmon, children of a leftover daemon.
  for (let grew = true; grew;) {
    grew = false;
    for (const [pid, ppid] of parents) {
      if (!found.has(pid) && found.has(ppid) && !protectedPids.has(pid)) {
        found.add(pid);
        grew = true;
      }
    }
  }
  return [...found].sort((a, b) => a - b);
}

async function parentOf(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'latin1').catch(() => '');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1] ?? 0);
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

/**
 * True when pid lives in another mount namespace whose `/` is a directory under dir (bind
 * rootfs: the mount's root field names it) or the same filesystem as a mount under dir (an
 * overlay mounted at `<dir>/.../merged`: same device and root).
 */
async function rootedIn(
  pid: number,
  dir: string,
  ownNamespace: string,
  dirMounts: Set<string>,
): Promise<boolean> {
  const namespace = await readlink(`/proc/${pid}/ns/mnt`).catch(() => ownNamespace);
  if (namespace === ownNamespace) return false;
  const text = await readFile(`/proc/${pid}/mountinfo`, 'utf8').catch(() => '');
  for (const line of text.split('\n')) {
    const fields = line.split(' ');
    if (fields[4] !== '/') continue;
    const root = unescapeMountPath(fields[3] ?? '');
    if (isUnder(root, dir) || dirMounts.has(`${fields[2]} ${root}`)) return true;
  }
  return false;
}

/**
 * `DEV /` of each filesystem mounted whole under dir and nowhere else (an overlay or tmpfs of
 * this test). A filesystem also mounted outside dir (a bind of the host's disk) never counts.
 */
async function mountKeysUnder(dir: string): Promise<Set<string>> {
  const inside = new Set<string>();
  const outside = new Set<string>();
  for (const line of (await readFile('/proc/self/mountinfo', 'utf8')).split('\n')) {
    const fields = line.split(' ');
    const dev = fields[2];
    if (dev === undefined) continue;
    if (!isUnder(unescapeMountPath(fields[4] ?? ''), dir)) outside.add(dev);
    else if (fields[3] === '/') inside.add(dev);
  }
  return new Set([...inside].filter((dev) => !outside.has(dev)).map((dev) => `${dev} /`));
}

function unescapeMountPath(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, octal: string) =>
    String.fromCharCode(parseInt(octal, 8)),
  );
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
    await waitGone(pids);
  }
}

async function waitGone(pids: readonly number[]): Promise<void> {
  const deadline = Date.now() + 2_000;
  for (const pid of pids) {
    while (!(await isGoneOrZombie(pid)) && Date.now() < deadline) await sleep(20);
  }
}

/** The container's init PID from runc's state.json or crun's status file. */
async function initPid(entry: string, runtime: 'runc' | 'crun'): Promise<number | undefined> {
  const file = join(entry, runtime === 'runc' ? 'state.json' : 'status');
  const text = await readFile(file, 'utf8').catch(() => '');
  const match = /"(?:init_process_pid|pid)"\s*:\s*(\d+)/.exec(text);
  return match?.[1] === undefined ? undefined : Number(match[1]);
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
      const pid = await initPid(entry, runtime);
      await runProcess([runtime, '--root', root, 'delete', '--force', id], {
        timeoutMs: 10_000,
      }).catch(() => undefined);
      // delete --force sends SIGKILL and returns before the process is gone.
      if (pid !== undefined) await waitGone([pid]);
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
    const path = unescapeMountPath(field);
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
