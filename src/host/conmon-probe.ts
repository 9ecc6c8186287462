// Finds conmon (podman's container monitor) and reads its version, cached in the runroot.
// Looks in containers.conf's conmon_path list first, then PATH, as podman does.
import { BerthError } from '../lib/berth-error.ts';
import { executableAt, findExecutable } from './find-executable.ts';
import { isVersionOutput, type VersionOutput } from './parse-version-output.ts';
import { cachedProbe } from './probe-cache.ts';
import { readVersion, type VersionRunner } from './runtime-probe.ts';

/** containers.conf's default conmon_path list (containers/common), kept once in config/. */
export { defaultConmonPaths } from '../config/containers-conf-defaults.ts';
import { defaultConmonPaths } from '../config/containers-conf-defaults.ts';

export interface ConmonInfo {
  path: string;
  /** As `podman info` shows host.conmon.version: "conmon version 2.1.6, commit: unknown". */
  version: string;
  /** The version number alone ("2.1.6"), when the output had one. */
  versionNumber?: string;
}

export interface FindConmonOptions {
  /** containers.conf engine.conmon_path; default: defaultConmonPaths. */
  conmonPaths?: readonly string[];
  /** Default: process.env.PATH. */
  pathEnv?: string | undefined;
  /** Where to cache the version (the runroot); no cache when undefined. */
  cacheDir?: string | undefined;
  run?: VersionRunner;
}

/** podman joins the first two lines of `conmon --version` with ", ". */
export function conmonInfoVersion(output: VersionOutput): string {
  return output.raw.replace('\n', ', ');
}

function isConmonInfo(value: unknown): value is ConmonInfo {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return (
    typeof record.path === 'string' &&
    typeof record.version === 'string' &&
    (record.versionNumber === undefined || typeof record.versionNumber === 'string')
  );
}

/** conmon's path and version; throws CONMON_UNAVAILABLE when it is missing or does not run. */
export async function findConmon(options: FindConmonOptions = {}): Promise<ConmonInfo> {
  let found;
  for (const path of options.conmonPaths ?? defaultConmonPaths) {
    found = await executableAt(path);
    if (found) break;
  }
  found ??= await findExecutable('conmon', { pathEnv: options.pathEnv, extraDirs: [] });
  if (found === undefined) {
    throw new BerthError(
      'CONMON_UNAVAILABLE',
      'conmon not found: install it (apt-get install conmon)',
    );
  }
  const { path, mtimeMs } = found;
  return cachedProbe({
    dir: options.cacheDir,
    name: 'conmon',
    key: JSON.stringify([path, mtimeMs]),
    isValue: isConmonInfo,
    compute: async () => {
      const output = await readVersion(path, options.run);
      if (!isVersionOutput(output)) {
        throw new BerthError(
          'CONMON_UNAVAILABLE',
          `conmon at ${path} does not run: reinstall it (apt-get install --reinstall conmon)`,
          {
            hint: output.unusable,
          },
        );
      }
      const info: ConmonInfo = { path, version: conmonInfoVersion(output) };
      if (output.version !== undefined) info.versionNumber = output.version;
      return info;
    },
  });
}
