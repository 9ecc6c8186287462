// Turns run's `--mount` entries into -v specs, and anonymous volumes (`-v /path`, the image's
// VOLUMEs, `--mount type=tmpfs`) into named specs with a volume row marked anonymous.
import { BerthError } from '../lib/berth-error.ts';
import { parseVolume } from '../spec/volume-spec.ts';
import type { EngineContext } from './engine-context.ts';
import { createVolume, randomVolumeName } from './volume-store.ts';

/** tmpfs mounts become `tmpfs-anon:DEST:size` placeholders resolved by anonymousToNamed. */
const tmpfsPrefix = 'tmpfs+';

export function mountRequestsToSpecs(mounts: readonly string[]): string[] {
  return mounts.map(mountToSpec);
}

function mountToSpec(mount: string): string {
  const fields = new Map<string, string>();
  const flags: string[] = [];
  for (const part of mount.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) flags.push(part);
    else fields.set(part.slice(0, eq), part.slice(eq + 1));
  }
  const type = fields.get('type') ?? 'volume';
  const target = fields.get('target') ?? fields.get('destination') ?? fields.get('dst');
  if (target === undefined)
    throw new BerthError(
      'INVALID_ARGUMENT',
      `"${mount}": mount target is required: must provide a destination for a mount`,
    );
  const source = fields.get('source') ?? fields.get('src') ?? '';
  const readOnly =
    flags.includes('readonly') ||
    flags.includes('ro') ||
    fields.get('readonly') === 'true' ||
    fields.get('ro') === 'true';
  const options = readOnly ? ':ro' : '';
  switch (type) {
    case 'bind':
      if (source === '')
        throw new BerthError(
          'INVALID_ARGUMENT',
          `"${mount}": must provide a source for a bind mount`,
        );
      return `${source}:${target}${options}`;
    case 'volume':
      return source === ''
        ? `${target}${options === '' ? '' : `:${options.slice(1)}`}`
        : `${source}:${target}${options}`;
    case 'tmpfs':
      return `${tmpfsPrefix}${fields.get('tmpfs-size') ?? ''}:${target}`;
    default:
      throw new BerthError('INVALID_ARGUMENT', `invalid filesystem type "${type}"`);
  }
}

/** Anonymous specs get a fresh volume row (anonymous=true) and its name; image VOLUMEs not mounted otherwise are added. */
export async function anonymousToNamed(
  ctx: EngineContext,
  specs: readonly string[],
  imageVolumes: readonly string[],
): Promise<string[]> {
  const out: string[] = [];
  for (const spec of specs) {
    if (spec.startsWith(tmpfsPrefix)) {
      const [size = '', destination = ''] = spec.slice(tmpfsPrefix.length).split(':');
      const o = size === '' ? '' : `size=${size}`;
      const record = await createVolume(ctx, {
        anonymous: true,
        options: { type: 'tmpfs', device: 'tmpfs', o },
      });
      out.push(`${record.name}:${destination}`);
      continue;
    }
    const request = parseVolume(spec);
    if (request.kind !== 'anonymous') {
      out.push(spec);
      continue;
    }
    const record = await createVolume(ctx, { name: randomVolumeName(), anonymous: true });
    out.push(`${record.name}:${spec}`);
  }
  const destinations = new Set(
    out.map((spec) => parseVolume(spec).destination.replace(/\/+$/, '')),
  );
  for (const path of imageVolumes) {
    if (destinations.has(path.replace(/\/+$/, '') || '/')) continue;
    const record = await createVolume(ctx, { anonymous: true });
    out.push(`${record.name}:${path}`);
  }
  return out;
}
