// Applies `--change` instructions (podman import/commit) to an image config: CMD, ENTRYPOINT,
// ENV, EXPOSE, LABEL, STOPSIGNAL, USER, VOLUME, WORKDIR, in Dockerfile syntax.
import { BerthError } from '../lib/berth-error.ts';

export interface ImageRunConfig {
  Env?: string[];
  Entrypoint?: string[];
  Cmd?: string[];
  WorkingDir?: string;
  User?: string;
  StopSignal?: string;
  Labels?: Record<string, string>;
  ExposedPorts?: Record<string, Record<string, never>>;
  Volumes?: Record<string, Record<string, never>>;
}

export function applyChanges(config: ImageRunConfig, changes: readonly string[]): ImageRunConfig {
  const next: ImageRunConfig = structuredClone(config);
  for (const change of changes) applyChange(next, change);
  return next;
}

function applyChange(config: ImageRunConfig, change: string): void {
  const match = /^\s*(\w+)\s*(?:\s|=)\s*(.*)$/s.exec(change);
  if (!match) throw invalid(change);
  const instruction = (match[1] ?? '').toUpperCase();
  const value = (match[2] ?? '').trim();
  switch (instruction) {
    case 'CMD':
      config.Cmd = execOrShell(value);
      return;
    case 'ENTRYPOINT':
      config.Entrypoint = execOrShell(value);
      return;
    case 'ENV':
      for (const [key, val] of keyValues(value, change)) {
        config.Env = [
          ...(config.Env ?? []).filter((entry) => !entry.startsWith(`${key}=`)),
          `${key}=${val}`,
        ];
      }
      return;
    case 'LABEL':
      for (const [key, val] of keyValues(value, change))
        config.Labels = { ...config.Labels, [key]: val };
      return;
    case 'EXPOSE':
      for (const port of value.split(/\s+/).filter(Boolean)) {
        config.ExposedPorts = {
          ...config.ExposedPorts,
          [port.includes('/') ? port : `${port}/tcp`]: {},
        };
      }
      return;
    case 'VOLUME':
      for (const path of jsonArray(value) ?? value.split(/\s+/).filter(Boolean))
        config.Volumes = { ...config.Volumes, [path]: {} };
      return;
    case 'WORKDIR':
      config.WorkingDir = value;
      return;
    case 'USER':
      config.User = value;
      return;
    case 'STOPSIGNAL':
      config.StopSignal = value;
      return;
    default:
      throw new BerthError(
        'INVALID_ARGUMENT',
        `processing change "${change}": invalid change "${instruction}" - invalid instruction`,
      );
  }
}

function execOrShell(value: string): string[] {
  return jsonArray(value) ?? ['/bin/sh', '-c', value];
}

function jsonArray(value: string): string[] | undefined {
  if (!value.startsWith('[')) return undefined;
  try {
    const parsed: unknown = JSON.parse(value);
    if (Array.isArray(parsed) && parsed.every((item) => typeof item === 'string')) return parsed;
  } catch {
    // not JSON: Docker treats it as the shell form
  }
  return undefined;
}

/** `KEY=VALUE KEY2="two words"`, or the legacy `KEY VALUE` form. */
function keyValues(value: string, change: string): [string, string][] {
  if (!value.includes('=')) {
    const [key, ...rest] = value.split(/\s+/);
    if (!key) throw invalid(change);
    return [[key, rest.join(' ')]];
  }
  const pairs: [string, string][] = [];
  for (const match of value.matchAll(/([^\s=]+)=("(?:[^"\\]|\\.)*"|\S*)/g)) {
    const raw = match[2] ?? '';
    pairs.push([
      match[1] ?? '',
      raw.startsWith('"') ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw,
    ]);
  }
  if (pairs.length === 0) throw invalid(change);
  return pairs;
}

function invalid(change: string): BerthError {
  return new BerthError('INVALID_ARGUMENT', `processing change "${change}": invalid format`);
}
