// Whether a process still exists, in a way a zombie or a reused pid cannot fool: on hosts whose
// PID 1 never reaps orphans an exited conmon stays a zombie and kill(pid, 0) still succeeds, so
// liveness reads /proc/PID/stat (state, and the start time that tells a reused pid apart).
import { readFileSync } from 'node:fs';

/** Liveness of a pid without a recorded start time: a zombie counts as gone. */
export function processAlive(pid: number): boolean {
  return isProcessLive(pid);
}

/** This process's own start time, for records that name it as an owner. */
export function ownStartTime(): number {
  return readProcessStat(process.pid)?.startTime ?? 0;
}

/** Polls until the process is gone or the timeout passes (no error either way). */
export async function waitForProcessExit(
  pid: number,
  timeoutMs: number,
  intervalMs = 25,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && processAlive(pid))
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
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
