// `attach`: joins a running container's conmon attach socket; returns the exit code once the
// container ends, or undefined when the user detached (ctrl-p ctrl-q or --detach-keys).
import { BerthError } from '../lib/berth-error.ts';
import { attach, type AttachStreams } from '../runtime/attach-client.ts';
import { waitForExitFile } from '../runtime/exit-file.ts';
import type { EngineContext } from './engine-context.ts';
import { containerPaths, readContainerConfig } from './container-model.ts';
import { useTerminal } from './container-terminal.ts';
import { syncContainer } from './container-state.ts';

export async function attachContainer(
  ctx: EngineContext,
  id: string,
  streams: AttachStreams,
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
  const attachment = await attach(paths.attachSocket, streams);
  ctx.events().container('attach', synced);
  const restoreTerminal = tty && streams.stdin ? await useTerminal(paths.ctlFifo) : () => undefined;
  try {
    if ((await attachment.finished) === 'detached') {
      attachment.close();
      return undefined;
    }
  } finally {
    restoreTerminal();
  }
  return waitForExitFile(paths.exitFile, 10_000);
}
