// Opens the engine for one command and disposes of it (DB handle, locks) however the command ends.
import type { Engine } from '../domain/engine.ts';
import { openEngine } from '../domain/open-engine.ts';
import type { GlobalOptions } from '../domain/global-options.ts';

export type GlobalsReader = () => GlobalOptions;

export async function withEngine<T>(
  globals: GlobalsReader,
  action: (engine: Engine) => Promise<T>,
): Promise<T> {
  await using engine = await openEngine(globals());
  return await action(engine);
}
