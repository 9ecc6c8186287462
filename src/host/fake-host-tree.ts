// Test support: builds a fake host filesystem (/proc, /sys, /etc files) in a temp directory, for
// the probes that take an fsRoot. Used only by tests; touches nothing outside its temp dir.
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface FakeHostTree extends AsyncDisposable {
  root: string;
  /** Absolute host path -> path inside the fake tree. */
  path(hostPath: string): string;
}

/** Creates files (host path -> content); a content of {mode} makes an executable stub. */
export async function makeFakeHostTree(
  files: Record<string, string | { content: string; mode: number }>,
): Promise<FakeHostTree> {
  const root = await mkdtemp(join(tmpdir(), 'berth-fake-host-'));
  for (const [hostPath, value] of Object.entries(files)) {
    const target = join(root, hostPath);
    await mkdir(dirname(target), { recursive: true });
    const content = typeof value === 'string' ? value : value.content;
    await writeFile(target, content);
    if (typeof value !== 'string') await chmod(target, value.mode);
  }
  return {
    root,
    path: (hostPath) => join(root, hostPath),
    [Symbol.asyncDispose]: () => rm(root, { recursive: true, force: true }),
  };
}
