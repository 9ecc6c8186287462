// `berth tag` and `berth untag`: add or drop names of a stored image in one write transaction.
// Names are normalised as libimage.NormalizeName (localhost/ for short names, :latest).
import { BerthError } from '../lib/berth-error.ts';
import { normalizeLocalImageName, parseReference } from '../image/reference.ts';
import type { ImageRecord } from '../storage/image-records.ts';
import type { EngineContext } from './engine-context.ts';

/** Gives each target name to the image (taking it from any other image, as podman). */
export function tagImage(ctx: EngineContext, image: ImageRecord, targets: readonly string[]): void {
  const names = targets.map((target) => {
    if (parseTarget(target).digest !== undefined) {
      throw new BerthError('INVALID_ARGUMENT', `tag ${target}: tagging by digest is not supported`);
    }
    return normalizeLocalImageName(target);
  });
  ctx.state.write(() => {
    for (const name of names) ctx.state.images.addName(image.id, name);
  });
  for (const name of names) ctx.events().image('tag', image.id, name);
}

function parseTarget(target: string): { digest?: string } {
  try {
    return parseReference(target);
  } catch (error) {
    throw new BerthError(
      'INVALID_ARGUMENT',
      `normalizing name ${JSON.stringify(target)}: ${(error as Error).message}`,
      { cause: error },
    );
  }
}

/** Removes the given names (all names when none are given). Throws `NAME: tag not known`. */
export function untagImage(ctx: EngineContext, image: ImageRecord, names: readonly string[]): void {
  const wanted =
    names.length === 0 ? [...image.names] : names.map((name) => normalizeLocalImageName(name));
  ctx.state.write(() => {
    const current = new Set(ctx.state.images.names(image.id));
    for (const name of wanted) {
      if (!current.has(name)) throw new BerthError('NO_SUCH_IMAGE', `${name}: tag not known`);
      ctx.state.images.removeName(name);
    }
  });
  for (const name of wanted) ctx.events().image('untag', image.id, name);
}
