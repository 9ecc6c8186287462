// Whether a process still exists, in a way a zombie or a reused pid cannot fool: on hosts whose
// PID 1 never reaps orphans an exited conmon stays a zombie and kill(pid, 0) still succeeds, so
// liveness reads /proc/PID/stat (state, and the start time that tells a reused pid apart).
import { readFileSync } from 'node:fs';

export interface ProcessStat {
  /** One letter: R, S, D, Z (zombie), X (dead), T… */
  state: string;
  /** Field 22: clock ticks after boot; unique for a pid's lifetime. */
  startTime: number;
}

/** /proc/PID/stat's state and start time; undefined when the process does not exist. */
export function readProcessStat(pid: number): ProcessStat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'latin1');
  } catch {
    return undefined;
  }
  // The command name (field 2) may hold spaces and parentheses: fields resume after the last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const state = fields[0];
  const startTime = Number(fields[19]);
  if (state === undefined || !Number.isFinite(startTime)) return undefined;
  return { state, startTime };
}

/**
 * True while the process runs (or sleeps, or is stopped). A zombie or dead process is not live,
 * nor is one whose start time differs from the one recorded with its pid.
 */
export function isProcessLive(pid: number, startTime?: number): boolean {
  const stat = readProcessStat(pid);
  if (stat === undefined) return false;
  if (stat.state === 'Z' || stat.state === 'X' || stat.state === 'x') return false;
  return startTime === undefined || stat.startTime === startTime;
}

/** This process's own start time, for records that name it as an owner. */
export function ownStartTime(): number {
  return readProcessStat(process.pid)?.startTime ?? 0;
}

/** Liveness of a pid without a recorded start time: a zombie counts as gone. */
export function processAlive(pid: number): boolean {
  return isProcessLive(pid);
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
