// The local implementation of the domain Engine: resolves references (policy), then hands
// the work to the engine layer. One instance per CLI call.
import type { Engine } from '../engine.ts';
import type { GlobalOptions } from '../global-options.ts';
import { localVersionReport } from '../../lib/version-report.ts';
import { EngineContext } from '../../engine/engine-context.ts';
import { systemInfo } from '../../engine/system-info.ts';
import { importImage } from '../../engine/image-import.ts';
import { listImages } from '../../engine/image-list.ts';
import { localImageVerbs } from './local-images.ts';
import { resolveImage } from './resolve-refs.ts';
import { localContainers } from './local-containers.ts';
import { localVolumes, withContainerStorage } from './local-volumes.ts';
import { localNetworks } from './local-networks.ts';

export async function openLocalEngine(options: GlobalOptions): Promise<Engine> {
  const ctx = await EngineContext.open(options);
  return {
    system: {
      info: () => systemInfo(ctx),
      version: () => localVersionReport(),
    },
    images: {
      import: (importOptions) => importImage(ctx, importOptions),
      list: (listOptions) => listImages(ctx, listOptions, (ref) => resolveImage(ctx, ref)),
      // Lazy: the pull pipeline (tar-stream, undici, zlib) loads only for pulls.
      pull: async (pullOptions, reporter) =>
        (await import('../../engine/image-pull.ts')).pullImage(ctx, pullOptions, reporter),
      ...localImageVerbs(ctx),
      // Lazy like pull: registry verbs load undici (over 1 MB of code) only when they run.
      search: async (searchOptions) =>
        (await import('../../engine/image-search.ts')).searchImages(ctx, searchOptions),
    },
    registries: {
      login: async (loginOptions) =>
        (await import('../../engine/registry-login.ts')).loginRegistry(ctx, loginOptions),
      logout: async (logoutOptions) =>
        (await import('../../engine/registry-login.ts')).logoutRegistry(ctx, logoutOptions),
      loginUsername: async (lookupOptions) =>
        (await import('../../engine/registry-login.ts')).loginUsername(ctx, lookupOptions),
    },
    containers: withContainerStorage(ctx, localContainers(ctx)),
    volumes: localVolumes(ctx),
    networks: localNetworks(ctx),
    [Symbol.asyncDispose]: () => ctx[Symbol.asyncDispose](),
  };
}
