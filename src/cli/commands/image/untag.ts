// `berth untag` / `berth image untag IMAGE [NAME...]`: removes the names (all without NAME).
import type { BerthCommand } from '../../berth-command.ts';
import { withEngine, type GlobalsReader } from '../../with-engine.ts';

export function registerUntag(parent: BerthCommand, globals: GlobalsReader): void {
  parent
    .command('untag')
    .description('Remove a name from a local image')
    .usage('IMAGE [IMAGE...]')
    .argument('<image>')
    .argument('[names...]')
    .action(async (ref: string, names: string[]) => {
      await withEngine(globals, (engine) => engine.images.untag(ref, names));
    });
}
