// Test support: an EngineContext over a fresh temp store (vfs, no host probes needed for image
// work), removed when the test ends; and a one-file tar, the smallest layer.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tar from 'tar-stream';
import { EngineContext } from './engine-context.ts';

/** A context whose --root and --runroot live in a new temp dir, disposed after the test. */
export async function openTempEngineContext(
  t: { after: (fn: () => Promise<void>) => void },
  prefix: string,
): Promise<EngineContext> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  const ctx = await EngineContext.open({
    root: join(dir, 'root'),
    runroot: join(dir, 'run'),
    storageDriver: 'vfs',
    env: {},
    selfCommand: [],
  });
  t.after(async () => {
    await ctx[Symbol.asyncDispose]();
    await rm(dir, { recursive: true, force: true });
  });
  return ctx;
}

/** An uncompressed tar holding one file `name` with `body`, mtime 0. */
export async function oneFileTar(name: string, body: string): Promise<Buffer> {
  const pack = tar.pack();
  pack.entry({ name, mode: 0o644, mtime: new Date(0) }, body);
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
