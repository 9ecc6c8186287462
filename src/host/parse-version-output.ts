// Parses the `--version` output of crun, runc and conmon ("NAME version X" then "key: value"
// lines). Pure; the probes that spawn the binaries live in runtime-probe.ts and conmon-probe.ts.

export interface VersionOutput {
  /** The whole output without its trailing newline, as `podman info` shows it. */
  raw: string;
  /** Program name from the first line ("crun"), when present. */
  name?: string;
  /** Version number from the first line ("1.8.1"), when present. */
  version?: string;
  /** The `commit:` line's value. */
  commit?: string;
  /** The `spec:` line's value (OCI runtime spec version). */
  spec?: string;
}

export function parseVersionOutput(stdout: string): VersionOutput {
  const raw = stdout.replace(/\s+$/, '');
  const result: VersionOutput = { raw };
  const lines = raw.split('\n');
  const first = /^(\S+) version (\S+)/.exec(lines[0] ?? '');
  if (first?.[1] !== undefined && first[2] !== undefined) {
    result.name = first[1];
    result.version = first[2];
  }
  for (const line of lines.slice(1)) {
    const pair = /^([a-z]+):\s*(.*)$/.exec(line.trim());
    if (pair?.[1] === 'commit' && pair[2] !== undefined) result.commit = pair[2];
    if (pair?.[1] === 'spec' && pair[2] !== undefined) result.spec = pair[2];
  }
  return result;
}

/** Type guard for VersionOutput read back from a cache file. */
export function isVersionOutput(value: unknown): value is VersionOutput {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  if (typeof record.raw !== 'string') return false;
  return ['name', 'version', 'commit', 'spec'].every(
    (field) => record[field] === undefined || typeof record[field] === 'string',
  );
}
