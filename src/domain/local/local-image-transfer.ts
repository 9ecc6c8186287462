// Policy for push, save, load and remote inspect: resolves local references once (resolve-refs.ts)
// and hands the work to engine/image-push.ts, image-archive*.ts, image-remote-inspect.ts (lazily).
import type { ImageTransferApi } from '../engine.ts';
import type { EngineContext } from '../../engine/engine-context.ts';
import { BerthError } from '../../lib/berth-error.ts';
import { resolveImageRef } from './resolve-refs.ts';

export function localImageTransfer(ctx: EngineContext): ImageTransferApi {
  return {
    push: async (options, reporter) => {
      const resolved = resolveImageRef(ctx, options.source);
      const { pushImage } = await import('../../engine/image-push.ts');
      const source = resolved.name ?? options.source;
      return pushImage(ctx, resolved.image, { ...options, source }, reporter);
    },
    save: async (options) => {
      if (options.refs.length === 0) throw new BerthError('USAGE', 'need at least 1 argument');
      if (options.format === 'oci-archive' && options.refs.length > 1)
        throw new BerthError(
          'INVALID_ARGUMENT',
          'multi-image archives are only supported in the docker-archive format',
        );
      const images = options.refs.map((ref) => {
        const resolved = resolveImageRef(ctx, ref);
        return { image: resolved.image, name: resolved.name };
      });
      const { saveImages } = await import('../../engine/image-archive-save.ts');
      await saveImages(ctx, images, options);
    },
    load: async (options) =>
      (await import('../../engine/image-archive-load.ts')).loadImages(ctx, options),
    inspectRemote: async (options) =>
      (await import('../../engine/image-remote-inspect.ts')).inspectRemoteImage(ctx, options),
  };
}
