// A tiny JSON cache for host probes (runtime and conmon versions), one file per probe in a
// directory the caller owns (the runroot). Only an optimisation: every failure means "recompute".
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { log } from '../lib/log.ts';
import { messageOf } from '../lib/berth-error.ts';

export interface CachedProbeOptions<T> {
  /** Directory holding the cache files; no caching when undefined. */
  dir: string | undefined;
  /** Probe name; the file is `probe-<name>.json`. */
  name: string;
  /** Everything the result depends on (binary paths, mtimes, layout), serialised. */
  key: string;
  /** Guards what was read back from disk. */
  isValue: (value: unknown) => value is T;
  compute: () => Promise<T>;
}

/** The cached value when its key matches, else compute() (stored for next time). */
export async function cachedProbe<T>(options: CachedProbeOptions<T>): Promise<T> {
  const { dir, name, key } = options;
  if (dir === undefined) return options.compute();
  const file = join(dir, `probe-${name}.json`);
  const cached = await readCacheFile(file);
  if (cached !== undefined && cached.key === key && options.isValue(cached.value)) {
    return cached.value;
  }
  const value = await options.compute();
  await writeCacheFile(dir, file, { key, value });
  return value;
}

async function readCacheFile(file: string): Promise<{ key: unknown; value: unknown } | undefined> {
  try {
    const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    return { key: Reflect.get(parsed, 'key'), value: Reflect.get(parsed, 'value') };
  } catch {
    return undefined;
  }
}

/** Temp file then rename, so a concurrent reader sees the old file or the new one, never half. */
async function writeCacheFile(dir: string, file: string, content: unknown): Promise<void> {
  const temp = `${file}.${process.pid}.tmp`;
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await writeFile(temp, JSON.stringify(content), { mode: 0o600 });
    await rename(temp, file);
  } catch (error) {
    log.debug(`not caching probe in ${file}: ${messageOf(error)}`);
  }
}
