// The local ImageApi: image verbs over the local store, with the registry-bound ones (pull,
// search) loading their code only when they run.
import type { ImageApi } from '../engine.ts';
import type { EngineContext } from '../../engine/engine-context.ts';
import { importImage } from '../../engine/image-import.ts';
import { listImages } from '../../engine/image-list.ts';
import { localImageVerbs } from './local-images.ts';
import { resolveImage } from './resolve-refs.ts';

export function localImages(ctx: EngineContext): ImageApi {
  return {
    import: (importOptions) => importImage(ctx, importOptions),
    list: (listOptions) => listImages(ctx, listOptions, (ref) => resolveImage(ctx, ref)),
    // The pull pipeline (tar-stream, undici, zlib) loads only for pulls.
    pull: async (pullOptions, reporter) =>
      (await import('../../engine/image-pull.ts')).pullImage(ctx, pullOptions, reporter),
    ...localImageVerbs(ctx),
    // Like pull: registry verbs load undici (over 1 MB of code) only when they run.
    search: async (searchOptions) =>
      (await import('../../engine/image-search.ts')).searchImages(ctx, searchOptions),
  };
}
