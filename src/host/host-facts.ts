// The `podman info` host facts that need no spawning: arch, kernel, memory, uptime, distribution,
// security switches and the boot id, read under a configurable root. Reads only.
import { goArchName } from '../lib/version-report.ts';
import { access, statfs } from 'node:fs/promises';
import { runCommand } from './command.ts';
import { findExecutable } from './find-executable.ts';
import os from 'node:os';
import { hostPath, readHostFile } from './read-host-file.ts';

export const DEFAULT_SECCOMP_PROFILE = '/usr/share/containers/seccomp.json';

export interface DistributionInfo {
  distribution: string;
  variant?: string;
  version: string;
  codename?: string;
}

/** host.security in `podman info` (capabilities come from containers.conf, not from here). */
export interface SecurityFacts {
  apparmorEnabled: boolean;
  rootless: boolean;
  seccompEnabled: boolean;
  seccompProfilePath: string;
  selinuxEnabled: boolean;
}

/** Field names as in `podman info` host: (memory in bytes). */
export interface HostFacts {
  arch: string;
  os: 'linux';
  kernel: string;
  hostname: string;
  cpus: number;
  memTotal: number;
  memFree: number;
  swapTotal: number;
  swapFree: number;
  uptime: string;
  distribution: DistributionInfo;
  security: SecurityFacts;
  /** /proc/sys/kernel/random/boot_id: changes on every boot (running containers become exited). */
  bootId: string;
}

/** What node:os reports; injected by tests. */
export interface SystemIdentity {
  arch: string;
  kernel: string;
  hostname: string;
  cpus: number;
  uid: number;
}

/** Node's process.arch as Go's GOARCH, which podman prints (one table, in lib/). */
export { goArchName as goArchOf } from '../lib/version-report.ts';

export function currentSystem(): SystemIdentity {
  return {
    arch: goArchName(process.arch),
    kernel: os.release(),
    hostname: os.hostname(),
    cpus: os.availableParallelism(),
    uid: process.getuid?.() ?? 0,
  };
}

/** /proc/meminfo in bytes: MemTotal, MemFree, SwapTotal, SwapFree (kB in the file). */
export function parseMeminfo(text: string): Record<string, number> {
  const values: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const match = /^(\w+(?:\(\w+\))?):\s+(\d+)(?:\s+kB)?$/.exec(line.trim());
    if (match?.[1] === undefined || match[2] === undefined) continue;
    values[match[1]] = Number(match[2]) * (line.includes('kB') ? 1024 : 1);
  }
  return values;
}

/**
 * podman 4's uptime text: "%.0fh %.0fm %.2fs" of the truncated hours, minutes (mod 60) and whole
 * seconds (mod 60), plus " (Approximately %.2f days)" once a full hour has passed.
 */
export function formatUptime(seconds: number): string {
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor(seconds / 60) % 60;
  const wholeSeconds = Math.floor(seconds) % 60;
  const text = `${hours}h ${minutes}m ${wholeSeconds.toFixed(2)}s`;
  return hours > 0 ? `${text} (Approximately ${(hours / 24).toFixed(2)} days)` : text;
}

function unquote(value: string): string {
  return value.replace(/^(["'])(.*)\1$/, '$2');
}

/** Distribution from os-release, as podman reads it (ID, VARIANT_ID, VERSION_ID, VERSION_CODENAME). */
export function parseOsRelease(text: string | undefined): DistributionInfo {
  const fields = new Map<string, string>();
  for (const line of (text ?? '').split('\n')) {
    const match = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    if (match?.[1] !== undefined && match[2] !== undefined) fields.set(match[1], unquote(match[2]));
  }
  const info: DistributionInfo = {
    distribution: fields.get('ID') ?? 'unknown',
    version: fields.get('VERSION_ID') ?? 'unknown',
  };
  const variant = fields.get('VARIANT_ID');
  const codename = fields.get('VERSION_CODENAME');
  if (variant) info.variant = variant;
  if (codename) info.codename = codename;
  return info;
}

async function exists(fsRoot: string, path: string): Promise<boolean> {
  try {
    await access(hostPath(fsRoot, path));
    return true;
  } catch {
    return false;
  }
}

async function probeSecurity(fsRoot: string, uid: number): Promise<SecurityFacts> {
  const [apparmor, status, selinux, seccompProfile] = await Promise.all([
    readHostFile(fsRoot, '/sys/module/apparmor/parameters/enabled'),
    readHostFile(fsRoot, '/proc/self/status'),
    exists(fsRoot, '/sys/fs/selinux/enforce'),
    exists(fsRoot, DEFAULT_SECCOMP_PROFILE),
  ]);
  return {
    apparmorEnabled: apparmor?.trim().startsWith('Y') ?? false,
    rootless: uid !== 0,
    seccompEnabled: /^Seccomp:/m.test(status ?? ''),
    seccompProfilePath: seccompProfile ? DEFAULT_SECCOMP_PROFILE : '',
    selinuxEnabled: selinux,
  };
}

/** The host facts of the machine seen under `fsRoot` ('/' is the real host). */
export async function probeHostFacts(
  fsRoot = '/',
  system: SystemIdentity = currentSystem(),
): Promise<HostFacts> {
  const [meminfo, uptime, osRelease, usrOsRelease, bootId, security] = await Promise.all([
    readHostFile(fsRoot, '/proc/meminfo'),
    readHostFile(fsRoot, '/proc/uptime'),
    readHostFile(fsRoot, '/etc/os-release'),
    readHostFile(fsRoot, '/usr/lib/os-release'),
    readHostFile(fsRoot, '/proc/sys/kernel/random/boot_id'),
    probeSecurity(fsRoot, system.uid),
  ]);
  const memory = parseMeminfo(meminfo ?? '');
  const uptimeSeconds = Number((uptime ?? '0').trim().split(/\s+/)[0]);
  return {
    arch: system.arch,
    os: 'linux',
    kernel: system.kernel,
    hostname: system.hostname,
    cpus: system.cpus,
    memTotal: memory.MemTotal ?? 0,
    memFree: memory.MemFree ?? 0,
    swapTotal: memory.SwapTotal ?? 0,
    swapFree: memory.SwapFree ?? 0,
    uptime: formatUptime(Number.isFinite(uptimeSeconds) ? uptimeSeconds : 0),
    distribution: parseOsRelease(osRelease ?? usrOsRelease),
    security,
    bootId: (bootId ?? '').trim(),
  };
}

/** podman's host.cpuUtilization: shares of the cpu line of /proc/stat since boot. */
export function parseCpuUtilization(procStat: string): {
  userPercent: number;
  systemPercent: number;
  idlePercent: number;
} {
  const fields = (procStat.split('\n').find((line) => line.startsWith('cpu ')) ?? '')
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] =
    fields;
  const total = user + nice + system + idle + iowait + irq + softirq + steal;
  const percent = (part: number) => (total > 0 ? Math.round((part / total) * 10000) / 100 : 0);
  return {
    userPercent: percent(user + nice),
    systemPercent: percent(system + irq + softirq),
    idlePercent: percent(idle + iowait),
  };
}

export async function readCpuUtilization(
  fsRoot = '/',
): Promise<{ userPercent: number; systemPercent: number; idlePercent: number }> {
  return parseCpuUtilization((await readHostFile(fsRoot, '/proc/stat')) ?? '');
}

/** Size and used bytes of the filesystem holding `path` (0, 0 when it cannot be read). */
export async function filesystemUsage(path: string): Promise<{ allocated: number; used: number }> {
  const stats = await statfs(path).catch(() => undefined);
  if (!stats) return { allocated: 0, used: 0 };
  return {
    allocated: stats.blocks * stats.bsize,
    used: (stats.blocks - stats.bfree) * stats.bsize,
  };
}

/** slirp4netns as podman info describes it: path and `--version` output ('' when not installed). */
export async function probeSlirp4netns(): Promise<{
  executable: string;
  package: string;
  version: string;
}> {
  const found = await findExecutable('slirp4netns');
  if (!found) return { executable: '', package: '', version: '' };
  const result = await runCommand([found.path, '--version'], { allowFailure: true });
  return {
    executable: found.path,
    package: '',
    version: result.status === 0 ? result.stdout.trim() : '',
  };
}
