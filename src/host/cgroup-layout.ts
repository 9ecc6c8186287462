// Detects the host's cgroup layout (v1, v2 unified, or hybrid) from the mount table and the v2
// hierarchy's cgroup.controllers, all read under a configurable root. Reads only; never mounts.
import { readHostFile } from './read-host-file.ts';

export const CGROUP_ROOT = '/sys/fs/cgroup';

export interface CgroupLayout {
  /** 'v2': /sys/fs/cgroup is cgroup2; 'hybrid': v1 there plus a cgroup2 mount; 'v1' otherwise. */
  version: 'v1' | 'v2' | 'hybrid';
  /** Where the cgroup2 hierarchy is mounted (/sys/fs/cgroup, or /sys/fs/cgroup/unified in hybrid). */
  unifiedMount?: string;
  /** Controllers available in the v2 hierarchy (its root cgroup.controllers), sorted. */
  v2Controllers: string[];
  /** Controllers attached to v1 hierarchies, sorted. */
  v1Controllers: string[];
  /** Where each v1 controller's hierarchy is mounted (cpu -> /sys/fs/cgroup/cpu, or a shared cpu,cpuacct mount). */
  v1Mounts?: Record<string, string>;
}

export interface CgroupMount {
  mountPoint: string;
  fsType: 'cgroup' | 'cgroup2';
  /** Super-block options (mountinfo) or mount options (/proc/mounts), split on commas. */
  options: string[];
}

/** Used when /proc/cgroups is unreadable, to tell controllers from other v1 mount options. */
const knownV1Controllers = [
  'blkio',
  'cpu',
  'cpuacct',
  'cpuset',
  'debug',
  'devices',
  'freezer',
  'hugetlb',
  'memory',
  'misc',
  'net_cls',
  'net_prio',
  'perf_event',
  'pids',
  'rdma',
];

/** Octal escapes (\040 for a space) as the kernel writes them in mount tables. */
function unescapeMountField(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, octal: string) =>
    String.fromCharCode(parseInt(octal, 8)),
  );
}

/** cgroup and cgroup2 mounts from /proc/self/mountinfo text; later mounts over a point win. */
export function parseMountinfo(text: string): CgroupMount[] {
  const mounts: CgroupMount[] = [];
  for (const line of text.split('\n')) {
    const fields = line.split(' ');
    const dash = fields.indexOf('-', 6);
    const mountPoint = fields[4];
    const fsType = fields[dash + 1];
    if (dash < 0 || mountPoint === undefined) continue;
    if (fsType !== 'cgroup' && fsType !== 'cgroup2') continue;
    const options = (fields[dash + 3] ?? '').split(',');
    mounts.push({ mountPoint: unescapeMountField(mountPoint), fsType, options });
  }
  return mounts;
}

/** cgroup and cgroup2 mounts from /proc/mounts text (the fallback when mountinfo is missing). */
export function parseProcMounts(text: string): CgroupMount[] {
  const mounts: CgroupMount[] = [];
  for (const line of text.split('\n')) {
    const [, mountPoint, fsType, options] = line.split(' ');
    if (mountPoint === undefined || (fsType !== 'cgroup' && fsType !== 'cgroup2')) continue;
    mounts.push({
      mountPoint: unescapeMountField(mountPoint),
      fsType,
      options: (options ?? '').split(','),
    });
  }
  return mounts;
}

/** Controller names listed in /proc/cgroups (first column), or undefined when unreadable. */
export function parseProcCgroups(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  const names = text
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => line.split(/\s+/)[0] ?? '')
    .filter((name) => name !== '');
  return names.length > 0 ? names : undefined;
}

/** The layout implied by a mount table; v2Controllers is left empty (the caller reads them). */
export function layoutFromMounts(
  mounts: CgroupMount[],
  controllerNames: string[] = knownV1Controllers,
): CgroupLayout {
  const byPoint = new Map<string, CgroupMount>();
  for (const mount of mounts) {
    byPoint.delete(mount.mountPoint); // keep insertion order = last mount wins
    byPoint.set(mount.mountPoint, mount);
  }
  const current = [...byPoint.values()];
  const known = new Set(controllerNames);
  const v1Controllers = new Set<string>();
  const v1Mounts: Record<string, string> = {};
  for (const mount of current) {
    if (mount.fsType !== 'cgroup') continue;
    for (const option of mount.options) {
      if (!known.has(option)) continue;
      v1Controllers.add(option);
      v1Mounts[option] ??= mount.mountPoint;
    }
  }
  const v1 = [...v1Controllers].sort();
  const atRoot = byPoint.get(CGROUP_ROOT);
  if (atRoot?.fsType === 'cgroup2') {
    return { version: 'v2', unifiedMount: CGROUP_ROOT, v2Controllers: [], v1Controllers: v1 };
  }
  const unified =
    byPoint.get(`${CGROUP_ROOT}/unified`)?.fsType === 'cgroup2'
      ? byPoint.get(`${CGROUP_ROOT}/unified`)
      : current.find((mount) => mount.fsType === 'cgroup2');
  if (unified === undefined)
    return { version: 'v1', v2Controllers: [], v1Controllers: v1, v1Mounts };
  return {
    version: 'hybrid',
    unifiedMount: unified.mountPoint,
    v2Controllers: [],
    v1Controllers: v1,
    v1Mounts,
  };
}

/** Parses a cgroup.controllers file: space-separated names, empty when no controller. */
export function parseControllers(text: string | undefined): string[] {
  return (text ?? '')
    .split(/\s+/)
    .filter((name) => name !== '')
    .sort();
}

/** Probes the cgroup layout of the host seen under `fsRoot` ('/' is the real host). */
export async function detectCgroupLayout(fsRoot = '/'): Promise<CgroupLayout> {
  const mountinfo = await readHostFile(fsRoot, '/proc/self/mountinfo');
  const mounts =
    mountinfo !== undefined
      ? parseMountinfo(mountinfo)
      : parseProcMounts((await readHostFile(fsRoot, '/proc/mounts')) ?? '');
  const names = parseProcCgroups(await readHostFile(fsRoot, '/proc/cgroups'));
  const layout = layoutFromMounts(mounts, names);
  if (layout.unifiedMount !== undefined) {
    const text = await readHostFile(fsRoot, `${layout.unifiedMount}/cgroup.controllers`);
    layout.v2Controllers = parseControllers(text);
  }
  return layout;
}

/** What `podman info` prints as host.cgroupVersion: 'v2' only for a unified layout. */
export function infoCgroupVersion(layout: CgroupLayout): 'v1' | 'v2' {
  return layout.version === 'v2' ? 'v2' : 'v1';
}
