// Signal names and numbers as podman's pkg/signal.ParseSignal accepts them (Linux numbering):
// "15", "TERM", "SIGTERM", "sigterm", "RTMIN+3". Pure; candidates to move to lib/ for kill/stop.

import { BerthError } from './berth-error.ts';

const signalNumbers: Readonly<Record<string, number>> = {
  HUP: 1,
  INT: 2,
  QUIT: 3,
  ILL: 4,
  TRAP: 5,
  ABRT: 6,
  IOT: 6,
  BUS: 7,
  FPE: 8,
  KILL: 9,
  USR1: 10,
  SEGV: 11,
  USR2: 12,
  PIPE: 13,
  ALRM: 14,
  TERM: 15,
  STKFLT: 16,
  CHLD: 17,
  CLD: 17,
  CONT: 18,
  STOP: 19,
  TSTP: 20,
  TTIN: 21,
  TTOU: 22,
  URG: 23,
  XCPU: 24,
  XFSZ: 25,
  VTALRM: 26,
  PROF: 27,
  WINCH: 28,
  IO: 29,
  POLL: 29,
  PWR: 30,
  SYS: 31,
  UNUSED: 31,
};

const rtMin = 34;
const rtMax = 64;

function realtime(name: string): number | undefined {
  const match = /^RT(MIN|MAX)(?:([+-])(\d+))?$/.exec(name);
  if (match === null) return undefined;
  const base = match[1] === 'MIN' ? rtMin : rtMax;
  const offset = match[3] === undefined ? 0 : Number(match[3]) * (match[2] === '-' ? -1 : 1);
  const value = base + offset;
  return value >= rtMin && value <= rtMax ? value : undefined;
}

/** The signal's number; throws INVALID_ARGUMENT "invalid signal: X" like podman. */
export function parseSignal(raw: string): number {
  if (/^\d+$/.test(raw)) {
    const value = Number(raw);
    if (value >= 1 && value <= rtMax) return value;
  } else {
    const name = raw.toUpperCase().replace(/^SIG/, '');
    const value = signalNumbers[name] ?? realtime(name);
    if (value !== undefined) return value;
  }
  throw new BerthError('INVALID_ARGUMENT', `invalid signal: ${raw}`);
}
