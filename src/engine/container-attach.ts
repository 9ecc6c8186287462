// `attach`: joins a running container's conmon attach socket with the caller's streams; returns
// the exit code once the container ends, or undefined when the user detached (ctrl-p ctrl-q or
// --detach-keys) or the call was aborted.
import { BerthError } from '../lib/berth-error.ts';
import { attach } from '../runtime/attach-client.ts';
import { waitForExitFile } from '../runtime/exit-file.ts';
import type { AttachIo } from '../domain/container-io.ts';
import type { EngineContext } from './engine-context.ts';
import { containerPaths, readContainerConfig } from './container-model.ts';
import { attachmentFinished, followTerminalSize } from './container-terminal.ts';
import { syncContainer } from './container-state.ts';

export async function attachContainer(
  ctx: EngineContext,
  id: string,
  io: AttachIo,
  detachKeys?: Buffer,
): Promise<number | undefined> {
  const record = ctx.state.containers.get(id);
  if (!record)
    throw new BerthError(
      'NO_SUCH_CONTAINER',
      `no container with ID ${id} found in database: no such container`,
    );
  const synced = await syncContainer(ctx, record);
  if (synced.state !== 'running') {
    throw new BerthError(
      'CONTAINER_STATE',
      `you can only attach to running containers: container state improper`,
    );
  }
  const paths = containerPaths(ctx.paths, id);
  const tty = readContainerConfig(synced.config, id).tty;
  const attachment = await attach(paths.attachSocket, {
    stdout: io.stdout,
    stderr: io.stderr,
    ...(io.stdin ? { stdin: io.stdin } : {}),
    ...(detachKeys !== undefined ? { detachKeys } : {}),
  });
  const stopResize = tty ? followTerminalSize(paths.ctlFifo, io.terminalSize) : () => undefined;
  ctx.events().container('attach', synced);
  io.onAttached?.({ id, tty });
  try {
    if ((await attachmentFinished(attachment, io)) === 'detached') {
      attachment.close();
      return undefined;
    }
  } finally {
    stopResize();
  }
  return waitForExitFile(paths.exitFile, 10_000);
}
