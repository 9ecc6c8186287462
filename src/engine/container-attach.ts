// `attach`: joins a running container's conmon attach socket with the caller's streams; returns
// the exit code once the container ends, or undefined when the user detached (ctrl-p ctrl-q or
// --detach-keys) or the call was aborted.
import { attach } from '../runtime/attach-client.ts';
import { waitForExitFile } from '../runtime/exit-file.ts';
import type { AttachIo } from '../domain/container-io.ts';
import type { EngineContext } from './engine-context.ts';
import { containerPaths, readContainerConfig } from './container-model.ts';
import { attachmentFinished, followTerminalSize } from './container-terminal.ts';
import { currentContainer } from './container-state.ts';
import { mayAct } from './container-transitions.ts';

export async function attachContainer(
  ctx: EngineContext,
  id: string,
  io: AttachIo,
  detachKeys?: Buffer,
): Promise<number | undefined> {
  const synced = await currentContainer(ctx, id);
  mayAct('attach', id, synced.state);
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
