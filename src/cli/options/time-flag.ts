// Parses podman's time flags (--since, --until): RFC 3339 or a date, Unix seconds, or a Go
// duration ago ("10m", "1h30m", "90s").
import { BerthError } from '../../lib/berth-error.ts';

const units: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

export function parseTimeFlag(value: string, flag: string, nowMs = Date.now()): number {
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  const duration = /^((\d+(\.\d+)?)(ns|us|µs|ms|s|m|h))+$/.test(value)
    ? durationMs(value)
    : undefined;
  if (duration !== undefined) return nowMs - duration;
  const parsed = Date.parse(value);
  if (!Number.isNaN(parsed)) return parsed;
  throw new BerthError(
    'USAGE',
    `invalid value for "--${flag}": "${value}" is not a timestamp, Unix time or duration`,
  );
}

function durationMs(value: string): number {
  let total = 0;
  for (const match of value.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g))
    total += Number(match[1]) * (units[match[2] ?? 's'] ?? 0);
  return total;
}
