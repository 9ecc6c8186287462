// `rename`: a new unique name for a container; the storage refuses a name in use (NAME_IN_USE).
import { BerthError } from '../lib/berth-error.ts';
import type { EngineContext } from './engine-context.ts';

const validName = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

export function renameContainer(ctx: EngineContext, id: string, name: string): void {
  const wanted = name.startsWith('/') ? name.slice(1) : name;
  if (!validName.test(wanted)) {
    throw new BerthError(
      'INVALID_ARGUMENT',
      `names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*: invalid argument`,
    );
  }
  ctx.state.write(() => ctx.state.containers.rename(id, wanted));
  const renamed = ctx.state.containers.get(id);
  if (renamed) ctx.events().container('rename', renamed);
}
