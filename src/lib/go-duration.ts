// Go's time.Duration.String() for a count of nanoseconds ("4.933ms", "4m39.028579s", "1h2m3s"),
// as podman prints durations in `top` and `stats`. Integer arithmetic keeps the digits exact.

export function goDuration(totalNs: number): string {
  const ns = Math.max(0, Math.round(totalNs));
  if (ns === 0) return '0s';
  if (ns < 1e3) return `${ns}ns`;
  if (ns < 1e6) return `${fraction(ns, 1e3)}µs`;
  if (ns < 1e9) return `${fraction(ns, 1e6)}ms`;
  const hours = Math.floor(ns / 3.6e12);
  const minutes = Math.floor((ns % 3.6e12) / 6e10);
  const seconds = `${fraction(ns % 6e10, 1e9)}s`;
  return hours > 0
    ? `${hours}h${minutes}m${seconds}`
    : minutes > 0
      ? `${minutes}m${seconds}`
      : seconds;
}

/** value/unit with the fractional digits exact and trailing zeros dropped. */
function fraction(value: number, unit: number): string {
  const whole = Math.floor(value / unit);
  const rest = value % unit;
  if (rest === 0) return String(whole);
  const digits = String(unit).length - 1;
  return `${whole}.${String(rest).padStart(digits, '0').replace(/0+$/, '')}`;
}
