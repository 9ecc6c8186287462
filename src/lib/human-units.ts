// podman's human-readable sizes and ages (go-units HumanSize, podman's "x minutes ago").

const sizeUnits = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB'];

/** go-units HumanSizeWithPrecision(size, 3): decimal units, 3 significant digits ("4.86 MB"). */
export function humanSize(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < sizeUnits.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${Number(value.toPrecision(3))} ${sizeUnits[unit]}`;
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
