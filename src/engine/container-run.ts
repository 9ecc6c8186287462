// `run`: create + start, then for a foreground run copy the container's output into the caller's
// streams until it ends, wait for conmon's exit file and clean up (conmon's exit command races
// it: whichever takes the container's lock first does the cleanup, the other finds it done).
// The caller's terminal and signals stay the caller's (cli/).
import { rm } from 'node:fs/promises';
import { BerthError } from '../lib/berth-error.ts';
import { waitForExitFile } from '../runtime/exit-file.ts';
import type { AttachIo } from '../domain/container-io.ts';
import { attachmentFinished, followTerminalSize } from './container-terminal.ts';
import type { ImageRecord } from '../storage/image-records.ts';
import type { EngineContext } from './engine-context.ts';
import type { ContainerConfig } from './container-model.ts';
import { containerPaths } from './container-model.ts';
import { createContainer } from './container-create.ts';
import { startContainer } from './container-start.ts';
import { cleanupContainer } from './container-cleanup.ts';
import { removeContainer } from './container-lifecycle.ts';

export interface RunRequest {
  image: ImageRecord;
  config: ContainerConfig;
  name?: string;
  detach: boolean;
  /** --detach-keys as bytes; default ctrl-p,ctrl-q. */
  detachKeys?: Buffer;
}

export async function runContainer(
  ctx: EngineContext,
  request: RunRequest,
  io?: AttachIo,
): Promise<{ id: string; exitCode?: number }> {
  const id = await createContainer(ctx, request.image, request.config, request.name);
  const streams =
    request.detach || !io
      ? undefined
      : {
          stdout: io.stdout,
          stderr: io.stderr,
          ...(request.config.interactive && io.stdin ? { stdin: io.stdin } : {}),
          ...(request.detachKeys !== undefined ? { detachKeys: request.detachKeys } : {}),
        };
  let started;
  try {
    started = await startContainer(ctx, id, streams, { clientWaits: !request.detach });
  } catch (error) {
    await removeContainer(ctx, id, true).catch(() => undefined);
    throw error;
  }
  if (request.detach || !started) return { id };

  // No attachment with --log-driver passthrough: the container writes to our stdio itself.
  const attachment = started.attachment;
  const tty = request.config.tty && attachment !== undefined;
  const stopResize = tty
    ? followTerminalSize(containerPaths(ctx.paths, id).ctlFifo, io?.terminalSize)
    : () => undefined;
  io?.onAttached?.({ id, tty });
  try {
    if (attachment && (await attachmentFinished(attachment, io)) === 'detached') {
      attachment.close();
      return { id };
    }
    const exitFile = containerPaths(ctx.paths, id).exitFile;
    const exitCode = await waitForExitFile(exitFile);
    if (exitCode === undefined)
      throw new BerthError('INTERNAL', `container ${id} did not report an exit status`);
    await cleanupContainer(ctx, id, started.runId);
    if (request.config.autoRemove) await rm(exitFile, { force: true });
    return { id, exitCode };
  } finally {
    stopResize();
  }
}
