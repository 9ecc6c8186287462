// Option parsers for numeric flags, with podman's (pflag's) error words.
import { BerthError } from '../../lib/berth-error.ts';

function invalid(value: string, flag: string, reason: string): BerthError {
  return new BerthError('USAGE', `invalid argument "${value}" for "--${flag}" flag: ${reason}`);
}

/** A non-negative integer number of seconds (`-t/--time`). */
export function parseSeconds(flag: string): (value: string) => number {
  return (value) => {
    if (!/^\d+$/.test(value))
      throw invalid(value, flag, `strconv.ParseUint: parsing "${value}": invalid syntax`);
    return Number(value);
  };
}

/** An integer that may be negative (`--tail`, `-n/--last`). */
export function parseInteger(flag: string): (value: string) => number {
  return (value) => {
    if (!/^-?\d+$/.test(value))
      throw invalid(value, flag, `strconv.ParseInt: parsing "${value}": invalid syntax`);
    return Number(value);
  };
}
