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
import { searchImages } from '../../engine/image-search.ts';
import { loginRegistry, loginUsername, logoutRegistry } from '../../engine/registry-login.ts';

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
      pull: async (pullOptions, reporter) => (await import('../../engine/image-pull.ts')).pullImage(ctx, pullOptions, reporter),
      ...localImageVerbs(ctx),
      search: (searchOptions) => searchImages(ctx, searchOptions),
    },
    registries: {
      login: (loginOptions) => loginRegistry(ctx, loginOptions),
      logout: (logoutOptions) => logoutRegistry(ctx, logoutOptions),
      loginUsername: async (lookupOptions) => loginUsername(ctx, lookupOptions),
    },
    containers: localContainers(ctx),
    [Symbol.asyncDispose]: () => ctx[Symbol.asyncDispose](),
  };
}
