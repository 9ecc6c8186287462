// `berth export`: the container's whole rootfs as a tar, to a file or stdout. Read-only.
import { open } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { BerthError } from '../lib/berth-error.ts';
import { errnoText } from '../lib/errno-text.ts';
import { createTar } from '../host/tar-create.ts';
import type { EngineContext } from './engine-context.ts';
import { withRootfs } from './container-mount.ts';

export async function exportContainer(
  ctx: EngineContext,
  id: string,
  output: string,
): Promise<void> {
  const sink = output === '-' ? process.stdout : await createFile(output);
  await withRootfs(ctx, id, async (rootfs) => {
    await pipeline(createTar(rootfs), sink, { end: output !== '-' });
  });
}

/** The output file, or libpod's words (Container.export) for why it cannot be created. */
async function createFile(path: string): Promise<Writable> {
  try {
    return (await open(path, 'w')).createWriteStream();
  } catch (error) {
    throw new BerthError(
      'INVALID_ARGUMENT',
      `creating file "${path}": open ${path}: ${errnoText(error)}`,
      { cause: error },
    );
  }
}
