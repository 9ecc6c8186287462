// `berth export`: the container's whole rootfs as a tar, into the caller's stream. Read-only.
import { pipeline } from 'node:stream/promises';
import { createTar } from '../host/tar-create.ts';
import type { CallContext } from '../domain/container-io.ts';
import type { EngineContext } from './engine-context.ts';
import { withRootfs } from './container-mount.ts';

/** Writes the tar into `output` and leaves it open: the caller ends it (a file) or keeps it (stdout). */
export async function exportContainer(
  ctx: EngineContext,
  id: string,
  output: NodeJS.WritableStream,
  context: CallContext = {},
): Promise<void> {
  await withRootfs(ctx, id, async (rootfs) => {
    await pipeline(createTar(rootfs), output, {
      end: false,
      ...(context.signal ? { signal: context.signal } : {}),
    });
  });
}
