// podman's human-readable sizes and ages (go-units HumanSize, podman's "x minutes ago").

export const decimalUnits = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB'] as const;
export const binaryUnits = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'] as const;

/** go-units' scaling: divide by `base` while it fits, print `precision` significant digits (%g). */
export function scaledSize(
  bytes: number,
  base: number,
  units: readonly string[],
  precision: number,
  separator: string,
): string {
  let value = bytes;
  let unit = 0;
  while (value >= base && unit < units.length - 1) {
    value /= base;
    unit++;
  }
  return `${Number(value.toPrecision(precision))}${separator}${units[unit] ?? ''}`;
}

/** podman's image sizes: HumanSizeWithPrecision(size, 3) with a space before the unit ("4.86 MB"). */
export function humanSize(bytes: number): string {
  return scaledSize(bytes, 1000, decimalUnits, 3, ' ');
}

/** go-units HumanDuration, as podman prints CREATED ("About a minute", "3 hours"). */
export function humanDuration(elapsedSeconds: number): string {
  const seconds = Math.floor(elapsedSeconds);
  if (seconds < 1) return 'Less than a second';
  if (seconds === 1) return '1 second';
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.floor(seconds / 60);
  if (minutes === 1) return 'About a minute';
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.round(seconds / 3600);
  if (hours === 1) return 'About an hour';
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.floor(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.floor(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24 / 30)} months`;
  return `${Math.floor(hours / 24 / 365)} years`;
}

export function humanAgo(sinceMs: number, nowMs = Date.now()): string {
  return `${humanDuration(Math.max(0, (nowMs - sinceMs) / 1000))} ago`;
}
