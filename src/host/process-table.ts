// Reads /proc for `top`: one raw row per process (ids, uid, tty, times, command line), plus the
// boot time. It only reads; choosing columns and formatting them is the engine's job.
import { readFile } from 'node:fs/promises';

export interface ProcessRow {
  /** pid as the host sees it. */
  hostPid: number;
  /** pid inside the innermost pid namespace (last NSpid value). */
  nsPid: number;
  /** Host pid of the parent. */
  hostPpid: number;
  uid: number;
  gid: number;
  /** tty_nr from /proc/PID/stat (0 = none). */
  ttyNr: number;
  /** utime + stime, in clock ticks. */
  cpuTicks: number;
  /** Start time after boot, in clock ticks. */
  startTicks: number;
  comm: string;
  /** argv; empty for kernel threads and zombies. */
  args: string[];
}

/** Linux's USER_HZ on every architecture berth runs on. */
export const clockTicksPerSecond = 100;

/** Reads the rows of `pids`; a process that ended meanwhile is left out. */
export async function readProcessTable(
  pids: readonly number[],
  procRoot = '/proc',
): Promise<ProcessRow[]> {
  const rows = await Promise.all(
    pids.map((pid) => readProcess(pid, procRoot).catch(() => undefined)),
  );
  return rows.filter((row): row is ProcessRow => row !== undefined);
}

async function readProcess(pid: number, procRoot: string): Promise<ProcessRow> {
  const [stat, status, cmdline] = await Promise.all([
    readFile(`${procRoot}/${pid}/stat`, 'utf8'),
    readFile(`${procRoot}/${pid}/status`, 'utf8'),
    readFile(`${procRoot}/${pid}/cmdline`, 'utf8'),
  ]);
  return {
    hostPid: pid,
    ...parseStat(stat),
    ...parseStatus(status, pid),
    args: cmdline.split('\0').filter((arg, index, all) => arg !== '' || index < all.length - 1),
  };
}

/** /proc/PID/stat: `pid (comm) state ppid …`; comm may contain spaces and parentheses. */
export function parseStat(
  text: string,
): Pick<ProcessRow, 'comm' | 'hostPpid' | 'ttyNr' | 'cpuTicks' | 'startTicks'> {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  const fields = text
    .slice(close + 2)
    .trim()
    .split(/\s+/)
    .map(Number);
  // fields[0] is field 3 (state, NaN here); field N is fields[N - 3].
  const field = (n: number) => fields[n - 3] ?? 0;
  return {
    comm: text.slice(open + 1, close),
    hostPpid: field(4),
    ttyNr: field(7),
    cpuTicks: field(14) + field(15),
    startTicks: field(22),
  };
}

export function parseStatus(text: string, pid: number): Pick<ProcessRow, 'nsPid' | 'uid' | 'gid'> {
  const line = (key: string) =>
    (new RegExp(`^${key}:\\s*(.*)$`, 'm').exec(text)?.[1] ?? '').trim().split(/\s+/);
  const nsPids = line('NSpid')
    .map(Number)
    .filter((value) => Number.isInteger(value));
  return {
    nsPid: nsPids[nsPids.length - 1] ?? pid,
    uid: Number(line('Uid')[1] ?? 0),
    gid: Number(line('Gid')[1] ?? 0),
  };
}

/** Seconds since boot (/proc/uptime). */
export async function readUptimeSeconds(procRoot = '/proc'): Promise<number> {
  return Number.parseFloat(await readFile(`${procRoot}/uptime`, 'utf8'));
}
