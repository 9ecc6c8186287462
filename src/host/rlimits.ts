// Reads this process's resource limits (/proc/self/limits) and whether it may raise a hard limit,
// and clamps the container ulimits berth wants to what it may set. Never calls setrlimit.
import { log } from '../lib/log.ts';
import { readHostFile } from './read-host-file.ts';

/** RLIM_INFINITY ("unlimited"); the spec renderer writes it as 18446744073709551615. */
export const RLIM_INFINITY = Number.POSITIVE_INFINITY;

/** podman's define.RLimitDefaultValue: nofile (and nproc, before pid_max) default, 2^20. */
export const PODMAN_RLIMIT_DEFAULT = 1048576;

export interface Rlimit {
  soft: number;
  hard: number;
}

/** A ulimit as podman's --ulimit and containers.conf default_ulimits name it ("nofile"). */
export interface Ulimit extends Rlimit {
  type: string;
}

export interface ProcessRlimits {
  /** By podman's ulimit name (nofile, nproc, core, ...), from /proc/self/limits. */
  limits: Record<string, Rlimit>;
  /** True when this process may raise hard limits: CAP_SYS_RESOURCE outside a user namespace. */
  canRaiseHard: boolean;
  /** Why hard limits cannot be raised ("no CAP_SYS_RESOURCE", "in a user namespace"). */
  limitedBy?: string;
}

export interface UlimitClamp {
  type: string;
  wanted: Rlimit;
  applied: Rlimit;
  reason: string;
}

/** /proc/self/limits row titles -> ulimit names (setrlimit(2) resources). */
const limitNames: Record<string, string> = {
  'Max cpu time': 'cpu',
  'Max file size': 'fsize',
  'Max data size': 'data',
  'Max stack size': 'stack',
  'Max core file size': 'core',
  'Max resident set': 'rss',
  'Max processes': 'nproc',
  'Max open files': 'nofile',
  'Max locked memory': 'memlock',
  'Max address space': 'as',
  'Max file locks': 'locks',
  'Max pending signals': 'sigpending',
  'Max msgqueue size': 'msgqueue',
  'Max nice priority': 'nice',
  'Max realtime priority': 'rtprio',
  'Max realtime timeout': 'rttime',
};

const CAP_SYS_RESOURCE = 24n;

function parseLimitValue(text: string): number | undefined {
  if (text === 'unlimited') return RLIM_INFINITY;
  return /^\d+$/.test(text) ? Number(text) : undefined;
}

/** Parses /proc/self/limits: fixed-width rows "Max open files  1024  524288  files". */
export function parseProcLimits(text: string): Record<string, Rlimit> {
  const limits: Record<string, Rlimit> = {};
  for (const line of text.split('\n')) {
    const match = /^(Max [a-z ]+?)\s{2,}(\S+)\s+(\S+)/.exec(line);
    const name = match?.[1] === undefined ? undefined : limitNames[match[1]];
    if (name === undefined || match?.[2] === undefined || match[3] === undefined) continue;
    const soft = parseLimitValue(match[2]);
    const hard = parseLimitValue(match[3]);
    if (soft !== undefined && hard !== undefined) limits[name] = { soft, hard };
  }
  return limits;
}

/** Whether CapEff in /proc/self/status holds CAP_SYS_RESOURCE. */
export function hasCapSysResource(statusText: string): boolean {
  const hex = /^CapEff:\s*([0-9a-f]+)$/m.exec(statusText)?.[1];
  return hex !== undefined && ((BigInt(`0x${hex}`) >> CAP_SYS_RESOURCE) & 1n) === 1n;
}

/** True when /proc/self/uid_map is the initial namespace's identity map (not in a user ns). */
export function isInitialUserNamespace(uidMapText: string | undefined): boolean {
  if (uidMapText === undefined) return true;
  return uidMapText.trim().split(/\s+/).join(' ') === '0 0 4294967295';
}

/** The limits of this process as seen under `fsRoot`; an unreadable file means "may not raise". */
export async function readProcessRlimits(fsRoot = '/'): Promise<ProcessRlimits> {
  const [limitsText, statusText, uidMap] = await Promise.all([
    readHostFile(fsRoot, '/proc/self/limits'),
    readHostFile(fsRoot, '/proc/self/status'),
    readHostFile(fsRoot, '/proc/self/uid_map'),
  ]);
  const limits = parseProcLimits(limitsText ?? '');
  if (!isInitialUserNamespace(uidMap))
    return { limits, canRaiseHard: false, limitedBy: 'in a user namespace' };
  if (!hasCapSysResource(statusText ?? ''))
    return { limits, canRaiseHard: false, limitedBy: 'no CAP_SYS_RESOURCE' };
  return { limits, canRaiseHard: true };
}

/** /proc/sys/kernel/pid_max, which podman uses for its default nproc ulimit. */
export async function readPidMax(fsRoot = '/'): Promise<number | undefined> {
  const text = (await readHostFile(fsRoot, '/proc/sys/kernel/pid_max'))?.trim();
  return text !== undefined && /^\d+$/.test(text) ? Number(text) : undefined;
}

/**
 * podman's default ulimits when containers.conf sets none: nofile=1048576:1048576 and
 * nproc=pid_max:pid_max (4194304 on most 64-bit hosts).
 */
export function podmanDefaultUlimits(pidMax = 4194304): Ulimit[] {
  return [
    { type: 'nofile', soft: PODMAN_RLIMIT_DEFAULT, hard: PODMAN_RLIMIT_DEFAULT },
    { type: 'nproc', soft: pidMax, hard: pidMax },
  ];
}

function formatLimit(limit: Rlimit): string {
  const show = (n: number) => (n === RLIM_INFINITY ? 'unlimited' : String(n));
  return `${show(limit.soft)}:${show(limit.hard)}`;
}

/**
 * The ulimits berth may set: when it cannot raise hard limits, each hard limit is lowered to the
 * current hard limit and each soft limit to at most that hard limit. Each clamp carries a reason
 * and is logged at info. Types with no known current limit pass unchanged.
 */
export function clampUlimits(
  wanted: readonly Ulimit[],
  current: ProcessRlimits,
): { ulimits: Ulimit[]; clamps: UlimitClamp[] } {
  const ulimits: Ulimit[] = [];
  const clamps: UlimitClamp[] = [];
  for (const limit of wanted) {
    const now = current.limits[limit.type];
    if (current.canRaiseHard || now === undefined) {
      ulimits.push({ ...limit });
      continue;
    }
    const hard = Math.min(limit.hard, now.hard);
    const soft = Math.min(limit.soft, hard);
    ulimits.push({ type: limit.type, soft, hard });
    if (hard === limit.hard && soft === limit.soft) continue;
    const wantedLimit = { soft: limit.soft, hard: limit.hard };
    const reason =
      `${limit.type}=${formatLimit(wantedLimit)} lowered to ${formatLimit({ soft, hard })}: ` +
      `berth may not raise the hard limit above ${formatLimit(now).split(':')[1]}` +
      ` (${current.limitedBy ?? 'no CAP_SYS_RESOURCE'})`;
    log.info(reason);
    clamps.push({ type: limit.type, wanted: wantedLimit, applied: { soft, hard }, reason });
  }
  return { ulimits, clamps };
}
