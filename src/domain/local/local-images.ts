// Policy for the local image verbs: resolves each reference once (resolve-refs.ts), decides
// untag-versus-delete inputs and error collection, and hands the work to engine/image-*.ts.
import type { LocalImageVerbs } from '../image-verbs.ts';
import type { ImageTransferApi } from '../engine.ts';
import { localImageTransfer } from './local-image-transfer.ts';
import type { ImageRemoveReport } from '../image-reports.ts';
import type { EngineContext } from '../../engine/engine-context.ts';
import { inspectImage } from '../../engine/image-inspect.ts';
import { tagImage, untagImage } from '../../engine/image-tag.ts';
import { removeImage } from '../../engine/image-remove.ts';
import { sweepStagedLayers } from '../../engine/image-staging-sweep.ts';
import { imageHistory } from '../../engine/image-history.ts';
import { pruneImages } from '../../engine/image-prune.ts';
import { BerthError, isBerthError } from '../../lib/berth-error.ts';
import { resolveImage, resolveImageRef, type ResolvedImage } from './resolve-refs.ts';

export function localImageVerbs(ctx: EngineContext): LocalImageVerbs & ImageTransferApi {
  return {
    ...localImageTransfer(ctx),
    inspect: async (refs) => {
      const result = { images: [] as ReturnType<typeof inspectImage>[], missing: [] as string[] };
      for (const ref of refs) {
        const image = tryResolve(ctx, ref);
        if (image === undefined) result.missing.push(ref);
        else result.images.push(inspectImage(ctx, image.image));
      }
      return result;
    },
    tag: async (ref, targets) => tagImage(ctx, resolveImage(ctx, ref), targets),
    untag: async (ref, names) => untagImage(ctx, resolveImage(ctx, ref), names),
    remove: (refs, options) => removeImages(ctx, refs, options),
    history: async (ref) => imageHistory(ctx, resolveImage(ctx, ref)),
    exists: async (ref) => tryResolve(ctx, ref) !== undefined,
    prune: (options) => pruneImages(ctx, options),
  };
}

/** The image, or undefined when the reference names none (other errors propagate). */
function tryResolve(ctx: EngineContext, ref: string): ResolvedImage | undefined {
  try {
    return resolveImageRef(ctx, ref);
  } catch (error) {
    if (isBerthError(error) && error.code === 'NO_SUCH_IMAGE') return undefined;
    throw error;
  }
}

async function removeImages(
  ctx: EngineContext,
  refs: string[],
  options: { force: boolean; all: boolean; ignore: boolean },
): Promise<ImageRemoveReport> {
  const report: ImageRemoveReport = { untagged: [], deleted: [], errors: [] };
  if (options.all && refs.length > 0) {
    throw new BerthError(
      'USAGE',
      'when using the --all switch, you may not pass any images names or IDs',
    );
  }
  if (!options.all && refs.length === 0)
    throw new BerthError('USAGE', 'image name or ID must be specified');
  const targets: (ResolvedImage | { error: BerthError })[] = [];
  if (options.all) {
    for (const image of ctx.state.images.list())
      targets.push({ image, byId: true, byDigest: false });
  } else {
    for (const ref of refs) {
      try {
        targets.push(resolveImageRef(ctx, ref));
      } catch (error) {
        if (!isBerthError(error)) throw error;
        if (error.code === 'NO_SUCH_IMAGE' && options.ignore) continue;
        targets.push({ error });
      }
    }
  }
  for (const target of targets) {
    if ('error' in target) {
      report.errors.push({ code: target.error.code, message: target.error.message });
      continue;
    }
    try {
      const removal = { ...target, force: options.force };
      const result = await removeImage(
        ctx,
        options.all
          ? { image: target.image, byId: false, byDigest: false, force: options.force }
          : removal,
      );
      report.untagged.push(...result.untagged);
      if (result.deleted !== undefined) report.deleted.push(result.deleted);
    } catch (error) {
      if (!isBerthError(error)) throw error;
      report.errors.push({ code: error.code, message: error.message });
    }
  }
  await sweepStagedLayers(ctx);
  return report;
}
