// Reads one process's resource counters (CPU, memory, block I/O, pids) from its cgroup v1 or v2
// files, and its network counters from /proc/<pid>/net/dev, all under a configurable root.
// Reads only: never writes a cgroup file, never spawns.
import { readHostFile } from './read-host-file.ts';
import { parseMeminfo } from './host-facts.ts';
import { parseMountinfo } from './cgroup-layout.ts';

/** One sample of a container's counters; absent fields could not be read. */
export interface CgroupStatsSample {
  /** Total CPU time of the cgroup (cpuacct.usage, or cpu.stat usage_usec × 1000). */
  cpuUsageNs: number;
  /** Memory in use less the page cache that can be dropped (inactive_file), as docker and podman show it. */
  memoryUsageBytes: number;
  /** The cgroup's memory limit; undefined when unlimited. */
  memoryLimitBytes?: number;
  blockReadBytes: number;
  blockWriteBytes: number;
  pids: number;
}

export interface NetCounters {
  rxBytes: number;
  txBytes: number;
}

/** The paths of /proc/<pid>/cgroup: v1 controller -> path, and the unified (0::) path. */
export interface ProcessCgroups {
  v1: Map<string, string>;
  unified?: string;
}

/** v1 counters beyond this mean "no limit" (the kernel reports PAGE_COUNTER_MAX pages). */
const unlimitedV1Bytes = 2 ** 62;

export function parseProcCgroup(text: string): ProcessCgroups {
  const result: ProcessCgroups = { v1: new Map() };
  for (const line of text.split('\n')) {
    const match = /^(\d+):([^:]*):(.*)$/.exec(line.trim());
    if (!match) continue;
    const [, hierarchy, controllers = '', path = '/'] = match;
    if (hierarchy === '0' && controllers === '') {
      result.unified = path;
      continue;
    }
    for (const controller of controllers.split(','))
      if (controller !== '') result.v1.set(controller, path);
  }
  return result;
}

/** blkio.throttle.io_service_bytes (or io_service_bytes_recursive): "MAJ:MIN Read N" lines. */
export function parseBlkioV1(text: string): { readBytes: number; writeBytes: number } {
  let readBytes = 0;
  let writeBytes = 0;
  for (const line of text.split('\n')) {
    const [device, op, value] = line.trim().split(/\s+/);
    if (device === undefined || !device.includes(':') || value === undefined) continue;
    if (op === 'Read') readBytes += Number(value) || 0;
    if (op === 'Write') writeBytes += Number(value) || 0;
  }
  return { readBytes, writeBytes };
}

/** io.stat: "MAJ:MIN rbytes=N wbytes=N rios=N …" per device. */
export function parseIoStatV2(text: string): { readBytes: number; writeBytes: number } {
  let readBytes = 0;
  let writeBytes = 0;
  for (const line of text.split('\n')) {
    for (const field of line.trim().split(/\s+/).slice(1)) {
      const [key, value] = field.split('=');
      if (key === 'rbytes') readBytes += Number(value) || 0;
      if (key === 'wbytes') writeBytes += Number(value) || 0;
    }
  }
  return { readBytes, writeBytes };
}

/** "key value" lines (memory.stat, cpu.stat) as numbers. */
export function parseKeyValues(text: string | undefined): Map<string, number> {
  const values = new Map<string, number>();
  for (const line of (text ?? '').split('\n')) {
    const [key, value] = line.trim().split(/\s+/);
    if (key && value !== undefined) values.set(key, Number(value));
  }
  return values;
}

/** /proc/<pid>/net/dev: received and sent bytes summed over every interface but lo. */
export function parseNetDev(text: string): NetCounters {
  let rxBytes = 0;
  let txBytes = 0;
  for (const line of text.split('\n').slice(2)) {
    const colon = line.indexOf(':');
    if (colon < 0 || line.slice(0, colon).trim() === 'lo') continue;
    const fields = line
      .slice(colon + 1)
      .trim()
      .split(/\s+/);
    rxBytes += Number(fields[0]) || 0;
    txBytes += Number(fields[8]) || 0;
  }
  return { rxBytes, txBytes };
}

function number(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text.trim());
  return Number.isFinite(value) ? value : undefined;
}

/** Where each v1 controller's hierarchy is mounted, from /proc/self/mountinfo. */
async function v1MountPoints(fsRoot: string): Promise<Map<string, string>> {
  const mounts = parseMountinfo((await readHostFile(fsRoot, '/proc/self/mountinfo')) ?? '');
  const points = new Map<string, string>();
  for (const mount of mounts) {
    if (mount.fsType !== 'cgroup') continue;
    for (const option of mount.options)
      if (!points.has(option)) points.set(option, mount.mountPoint);
  }
  return points;
}

async function unifiedMountPoint(fsRoot: string): Promise<string | undefined> {
  const mounts = parseMountinfo((await readHostFile(fsRoot, '/proc/self/mountinfo')) ?? '');
  return mounts.find((mount) => mount.fsType === 'cgroup2')?.mountPoint;
}

async function readV1(fsRoot: string, cgroups: ProcessCgroups): Promise<CgroupStatsSample> {
  const points = await v1MountPoints(fsRoot);
  const file = (controller: string, name: string): Promise<string | undefined> => {
    const mount = points.get(controller);
    const path = cgroups.v1.get(controller);
    if (mount === undefined || path === undefined) return Promise.resolve(undefined);
    return readHostFile(fsRoot, `${mount}${path === '/' ? '' : path}/${name}`);
  };
  const [cpu, usage, limit, memStat, throttle, recursive, pids] = await Promise.all([
    file('cpuacct', 'cpuacct.usage'),
    file('memory', 'memory.usage_in_bytes'),
    file('memory', 'memory.limit_in_bytes'),
    file('memory', 'memory.stat'),
    file('blkio', 'blkio.throttle.io_service_bytes'),
    file('blkio', 'blkio.io_service_bytes_recursive'),
    file('pids', 'pids.current'),
  ]);
  const inactive = parseKeyValues(memStat).get('total_inactive_file') ?? 0;
  const used = number(usage) ?? 0;
  const limitBytes = number(limit);
  const throttled = parseBlkioV1(throttle ?? '');
  const block =
    throttled.readBytes + throttled.writeBytes > 0 ? throttled : parseBlkioV1(recursive ?? '');
  return {
    cpuUsageNs: number(cpu) ?? 0,
    memoryUsageBytes: Math.max(0, used - (inactive < used ? inactive : 0)),
    ...(limitBytes !== undefined && limitBytes < unlimitedV1Bytes
      ? { memoryLimitBytes: limitBytes }
      : {}),
    blockReadBytes: block.readBytes,
    blockWriteBytes: block.writeBytes,
    pids: number(pids) ?? 0,
  };
}

async function readV2(fsRoot: string, path: string): Promise<CgroupStatsSample> {
  const mount = (await unifiedMountPoint(fsRoot)) ?? '/sys/fs/cgroup';
  const file = (name: string) =>
    readHostFile(fsRoot, `${mount}${path === '/' ? '' : path}/${name}`);
  const [cpuStat, current, max, memStat, io, pids] = await Promise.all(
    ['cpu.stat', 'memory.current', 'memory.max', 'memory.stat', 'io.stat', 'pids.current'].map(
      file,
    ),
  );
  const used = number(current) ?? 0;
  const inactive = parseKeyValues(memStat).get('inactive_file') ?? 0;
  const limitBytes = number(max);
  const block = parseIoStatV2(io ?? '');
  return {
    cpuUsageNs: (parseKeyValues(cpuStat).get('usage_usec') ?? 0) * 1000,
    memoryUsageBytes: Math.max(0, used - (inactive < used ? inactive : 0)),
    ...(limitBytes !== undefined ? { memoryLimitBytes: limitBytes } : {}),
    blockReadBytes: block.readBytes,
    blockWriteBytes: block.writeBytes,
    pids: number(pids) ?? 0,
  };
}

/**
 * The counters of the cgroup `pid` lives in: v1 when its memory controller is on a v1
 * hierarchy (v1 and hybrid hosts), else the unified hierarchy. Undefined when the process is gone.
 */
export async function readCgroupStats(
  pid: number,
  fsRoot = '/',
): Promise<CgroupStatsSample | undefined> {
  const text = await readHostFile(fsRoot, `/proc/${pid}/cgroup`);
  if (text === undefined) return undefined;
  const cgroups = parseProcCgroup(text);
  if (cgroups.v1.has('memory')) return readV1(fsRoot, cgroups);
  return readV2(fsRoot, cgroups.unified ?? '/');
}

/** Network counters of pid's network namespace (zero when it has only lo). */
export async function readNetCounters(pid: number, fsRoot = '/'): Promise<NetCounters | undefined> {
  const text = await readHostFile(fsRoot, `/proc/${pid}/net/dev`);
  return text === undefined ? undefined : parseNetDev(text);
}

/** MemTotal in bytes: podman's MEM LIMIT when the container has none (or a larger one). */
export async function readMemTotalBytes(fsRoot = '/'): Promise<number> {
  return parseMeminfo((await readHostFile(fsRoot, '/proc/meminfo')) ?? '')['MemTotal'] ?? 0;
}
