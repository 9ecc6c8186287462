// Whether a process still exists (signal 0), and waiting for one to go. One place for the
// errno rule: EPERM means it exists but is not ours, ESRCH means it is gone.
// isProcessLive also tells a zombie or a reused pid from a live owner (from /proc/PID/stat).
import { readFileSync } from 'node:fs';

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Polls until the process is gone or the timeout passes (no error either way). */
export async function waitForProcessExit(pid: number, timeoutMs: number, intervalMs = 25): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && processAlive(pid)) await new Promise((resolve) => setTimeout(resolve, intervalMs));
}

export interface ProcessStat {
  /** The state letter: R, S, D, Z (zombie), X (dead), T… */
  state: string;
  /** Start time in clock ticks after boot (field 22): with the pid it names one process for good. */
  startTime: number;
}

/** State and start time from /proc/PID/stat; undefined when there is no such process. */
export function readProcessStat(pid: number): ProcessStat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  return parseProcessStat(text);
}

/** Parses a /proc/PID/stat line after the last ')' (the command name may hold spaces and parens). */
export function parseProcessStat(text: string): ProcessStat | undefined {
  const fields = text
    .slice(text.lastIndexOf(')') + 1)
    .trim()
    .split(/\s+/);
  // fields[0] is field 3 (state); field 22 (starttime) is fields[19].
  const state = fields[0];
  const startTime = Number(fields[19]);
  if (state === undefined || state === '' || !Number.isInteger(startTime)) return undefined;
  return { state, startTime };
}

/**
 * Whether pid names a running process: false when it is gone, a zombie (Z) or dead (X), or, when
 * startTime is given, a different process that reused the pid. kill(pid, 0) succeeds on a zombie,
 * and on hosts whose PID 1 never reaps orphans dead processes stay zombies.
 */
export function isProcessLive(pid: number, startTime?: number): boolean {
  const stat = readProcessStat(pid);
  if (stat === undefined || stat.state === 'Z' || stat.state === 'X') return false;
  return startTime === undefined || stat.startTime === startTime;
}
