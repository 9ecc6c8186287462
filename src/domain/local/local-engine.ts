// The local implementation of the domain Engine: resolves references (policy), then hands
// the work to the engine layer. One instance per CLI call.
import type { Engine } from '../engine.ts';
import type { GlobalOptions } from '../global-options.ts';
import type { ContainerRunOptions } from '../container-reports.ts';
import { localVersionReport } from '../../lib/version-report.ts';
import { EngineContext } from '../../engine/engine-context.ts';
import { systemInfo } from '../../engine/system-info.ts';
import { importImage } from '../../engine/image-import.ts';
import { listImages } from '../../engine/image-list.ts';
import { runContainer } from '../../engine/container-run.ts';
import { cleanupContainer } from '../../engine/container-cleanup.ts';
import type { ContainerConfig } from '../../engine/container-model.ts';
import { BerthError } from '../../lib/berth-error.ts';
import { resolveContainerId, resolveImage } from './resolve-refs.ts';

export async function openLocalEngine(options: GlobalOptions): Promise<Engine> {
  const ctx = await EngineContext.open(options);
  return {
    system: {
      info: () => systemInfo(ctx),
      version: () => localVersionReport(),
    },
    images: {
      import: (importOptions) => importImage(ctx, importOptions),
      list: (listOptions) => listImages(ctx, listOptions),
    },
    containers: {
      run: async (runOptions) => {
        const image = resolveImage(ctx, runOptions.image);
        const request = { image, config: containerConfig(runOptions), detach: runOptions.detach };
        return runContainer(ctx, runOptions.name === undefined ? request : { ...request, name: runOptions.name });
      },
      cleanup: async (ref) => {
        const record = ctx.state.containers.get(ref) ?? ctx.state.containers.getByName(ref);
        if (record) await cleanupContainer(ctx, resolveContainerId(ctx, record.id));
      },
    },
    [Symbol.asyncDispose]: () => ctx[Symbol.asyncDispose](),
  };
}

function containerConfig(options: ContainerRunOptions): ContainerConfig {
  const network = options.network ?? 'none';
  if (network !== 'none' && network !== 'host') {
    throw new BerthError('INVALID_ARGUMENT', `network "${network}" is not supported yet: use --network none or host`);
  }
  const config: ContainerConfig = {
    imageName: options.image,
    command: options.command,
    env: options.env,
    tty: options.tty,
    interactive: options.interactive,
    autoRemove: options.remove,
    network,
  };
  if (options.entrypoint !== undefined) config.entrypoint = options.entrypoint;
  if (options.workdir !== undefined) config.workdir = options.workdir;
  if (options.hostname !== undefined) config.hostname = options.hostname;
  if (options.user !== undefined) config.user = options.user;
  return config;
}
