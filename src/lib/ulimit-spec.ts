// Parses podman's ulimit syntax (`--ulimit nofile=1024:2048`, containers.conf default_ulimits):
// NAME=SOFT[:HARD], -1 meaning unlimited.
import { BerthError } from './berth-error.ts';

export interface UlimitSpec {
  type: string;
  soft: number;
  hard: number;
}

export function parseUlimitSpec(text: string): UlimitSpec {
  const match = /^([a-z]+)=(-?\d+)(?::(-?\d+))?$/.exec(text.trim());
  if (!match) throw new BerthError('INVALID_ARGUMENT', `invalid ulimit argument: ${text}`);
  const value = (raw: string) => (raw === '-1' ? Number.POSITIVE_INFINITY : Number(raw));
  const soft = value(match[2] ?? '');
  const hard = match[3] === undefined ? soft : value(match[3]);
  if (soft > hard)
    throw new BerthError(
      'INVALID_ARGUMENT',
      `ulimit soft limit must be less than or equal to hard limit: ${soft} > ${hard}`,
    );
  return { type: match[1] ?? '', soft, hard };
}
