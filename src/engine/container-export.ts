// `berth export`: the container's whole rootfs as a tar, to a file or stdout. Read-only.
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createTar } from '../host/tar-create.ts';
import type { EngineContext } from './engine-context.ts';
import { withRootfs } from './container-mount.ts';

export async function exportContainer(
  ctx: EngineContext,
  id: string,
  output: string,
): Promise<void> {
  await withRootfs(ctx, id, async (rootfs) => {
    const sink = output === '-' ? process.stdout : createWriteStream(output);
    await pipeline(createTar(rootfs), sink, { end: output !== '-' });
  });
}
