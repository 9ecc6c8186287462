// Finds the installed OCI runtimes, chooses the one that works here (runtime-choice.ts) and reads
// its version, caching the result in the runroot so a CLI call rarely spawns `--version`.
import { basename, resolve } from 'node:path';
import { BerthError } from '../lib/berth-error.ts';
import { log } from '../lib/log.ts';
import type { CgroupLayout } from './cgroup-layout.ts';
import { runCommand, type CommandResult } from './command.ts';
import {
  executableAt,
  findExecutable,
  systemBinDirs,
  type FoundExecutable,
} from './find-executable.ts';
import { isVersionOutput, parseVersionOutput, type VersionOutput } from './parse-version-output.ts';
import { cachedProbe } from './probe-cache.ts';
import {
  chooseRuntime,
  defaultRuntimePreference,
  type RuntimeCandidate,
  type RuntimeDecision,
} from './runtime-choice.ts';

export interface RuntimeChoice extends RuntimeDecision {
  /** Parsed `<runtime> --version`; `raw` is what `podman info` shows as ociRuntime.version. */
  version: VersionOutput;
}

/** Runs argv and returns its result without throwing (injected by tests). */
export type VersionRunner = (argv: readonly string[]) => Promise<CommandResult>;

export interface ProbeRuntimeOptions {
  /** `--runtime NAME|PATH`; default: crun, then runc. */
  requested?: string | undefined;
  layout: CgroupLayout;
  /** Where to cache the result (the runroot); no cache when undefined. */
  cacheDir?: string | undefined;
  /** Default: process.env.PATH. */
  pathEnv?: string | undefined;
  /** Searched after PATH. Default: /usr/bin, /usr/sbin, /usr/local/bin, /usr/local/sbin. */
  extraDirs?: readonly string[];
  run?: VersionRunner;
}

const runVersion: VersionRunner = (argv) =>
  runCommand(argv, { allowFailure: true, timeoutMs: 10_000 });

/** `argv[0] --version` parsed, or a reason the binary is unusable. */
export async function readVersion(
  path: string,
  run: VersionRunner = runVersion,
): Promise<VersionOutput | { unusable: string }> {
  const result = await run([path, '--version']);
  if (result.status !== 0) {
    const detail = (result.stderr.trim() || result.stdout.trim()).split('\n')[0] ?? '';
    return {
      unusable: `\`${path} --version\` failed with status ${result.status}${detail ? `: ${detail}` : ''}`,
    };
  }
  return parseVersionOutput(result.stdout);
}

async function locateCandidates(
  options: ProbeRuntimeOptions,
): Promise<(RuntimeCandidate & FoundExecutable)[]> {
  const search = { pathEnv: options.pathEnv, extraDirs: options.extraDirs ?? systemBinDirs };
  const names: string[] = [...defaultRuntimePreference];
  const requested = options.requested;
  const found: (RuntimeCandidate & FoundExecutable)[] = [];
  if (requested?.includes('/')) {
    const atPath = await executableAt(resolve(requested));
    if (atPath) found.push({ name: basename(atPath.path), ...atPath });
  } else if (requested && !names.includes(requested)) {
    names.push(requested);
  }
  for (const name of names) {
    const executable = await findExecutable(name, search);
    if (executable && !found.some((c) => c.path === executable.path))
      found.push({ name, ...executable });
  }
  return found;
}

export function isRuntimeChoice(value: unknown): value is RuntimeChoice {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return (
    typeof record.name === 'string' &&
    typeof record.path === 'string' &&
    typeof record.reason === 'string' &&
    Array.isArray(record.passedOver) &&
    record.passedOver.every(
      (p: unknown) =>
        typeof p === 'object' &&
        p !== null &&
        typeof Reflect.get(p, 'name') === 'string' &&
        typeof Reflect.get(p, 'reason') === 'string',
    ) &&
    isVersionOutput(record.version) &&
    (record.cgroupsByBerth === undefined || typeof record.cgroupsByBerth === 'boolean')
  );
}

/**
 * The OCI runtime berth should use here, with its version. Throws RUNTIME_UNAVAILABLE (one
 * sentence naming the fix) when none is installed or the requested one cannot work here.
 */
export async function probeRuntime(options: ProbeRuntimeOptions): Promise<RuntimeChoice> {
  const candidates = await locateCandidates(options);
  const key = JSON.stringify({
    requested: options.requested ?? null,
    layout: options.layout,
    candidates: candidates.map((c) => [c.name, c.path, c.mtimeMs]),
  });
  return cachedProbe({
    dir: options.cacheDir,
    name: 'runtime',
    key,
    isValue: isRuntimeChoice,
    compute: () => chooseAndReadVersion(options, candidates),
  });
}

/**
 * Chooses, then reads the version. A runtime whose `--version` fails is marked unusable and the
 * choice is made again, so it shows in passedOver (or in the error, when it was requested).
 */
async function chooseAndReadVersion(
  options: ProbeRuntimeOptions,
  found: RuntimeCandidate[],
): Promise<RuntimeChoice> {
  const candidates = found.map((c) => ({ ...c }));
  for (;;) {
    const decision = chooseRuntime({
      requested: options.requested,
      layout: options.layout,
      candidates,
    });
    const version = await readVersion(decision.path, options.run);
    if (!('unusable' in version)) {
      log.debug(`OCI runtime ${decision.name} (${decision.path}): ${decision.reason}`);
      return { ...decision, version };
    }
    const candidate = candidates.find((c) => c.path === decision.path);
    if (candidate === undefined)
      throw new BerthError('INTERNAL', `chosen runtime ${decision.path} vanished`);
    candidate.unusable = version.unusable;
  }
}
