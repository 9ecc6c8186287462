// `run`: create + start, then for a foreground run copy the container's output until it ends,
// wait for conmon's exit file and clean up (conmon's exit command races it: whichever takes the
// container's lock first does the cleanup, the other finds it done).
import { rm } from 'node:fs/promises';
import { BerthError } from '../lib/berth-error.ts';
import { waitForExitFile } from '../runtime/exit-file.ts';
import { useTerminal } from './container-terminal.ts';
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
  /** --sig-proxy: forward SIGINT/SIGTERM/SIGHUP to the container while in the foreground. */
  sigProxy: boolean;
  /** --detach-keys; default ctrl-p,ctrl-q. */
  detachKeys?: Buffer;
}

export async function runContainer(ctx: EngineContext, request: RunRequest): Promise<{ id: string; exitCode?: number }> {
  const id = await createContainer(ctx, request.image, request.config, request.name);
  const streams = request.detach
    ? undefined
    : {
        stdout: process.stdout,
        stderr: process.stderr,
        ...(request.config.interactive ? { stdin: process.stdin } : {}),
        ...(request.detachKeys !== undefined ? { detachKeys: request.detachKeys } : {}),
      };
  let started;
  try {
    started = await startContainer(ctx, id, streams);
  } catch (error) {
    await removeContainer(ctx, id, true).catch(() => undefined);
    throw error;
  }
  if (request.detach || !started) return { id };

  // No attachment with --log-driver passthrough: the container writes to our stdio itself.
  const attachment = started.attachment;
  const stopProxy = request.sigProxy ? proxySignals((signal) => started.runtime.kill(id, signal).catch(() => undefined)) : () => undefined;
  const stopTerminal = request.config.tty && attachment ? await useTerminal(containerPaths(ctx.paths, id).ctlFifo) : () => undefined;
  try {
    if (attachment && (await attachment.finished) === 'detached') {
      attachment.close();
      return { id };
    }
    const exitFile = containerPaths(ctx.paths, id).exitFile;
    const exitCode = await waitForExitFile(exitFile);
    if (exitCode === undefined) throw new BerthError('INTERNAL', `container ${id} did not report an exit status`);
    await cleanupContainer(ctx, id, started.runId);
    if (request.config.autoRemove) await rm(exitFile, { force: true });
    return { id, exitCode };
  } finally {
    stopProxy();
    stopTerminal();
    process.stdin.pause();
  }
}

/** Forwards SIGINT/SIGTERM/SIGHUP to the container while a foreground run waits (podman's --sig-proxy). */
function proxySignals(forward: (signal: number) => unknown): () => void {
  const numbers: Record<string, number> = { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 };
  const handlers = Object.entries(numbers).map(([name, number]) => {
    const handler = () => void forward(number);
    process.on(name as NodeJS.Signals, handler);
    return [name, handler] as const;
  });
  return () => {
    for (const [name, handler] of handlers) process.off(name as NodeJS.Signals, handler);
  };
}
