// `berth tag` / `berth image tag` and `berth untag` / `berth image untag`: add or drop names.
import type { BerthCommand } from '../../berth-command.ts';
import { withEngine, type GlobalsReader } from '../../with-engine.ts';

export function registerTag(parent: BerthCommand, globals: GlobalsReader): void {
  parent
    .command('tag')
    .description('Add an additional name to a local image')
    .usage('IMAGE TARGET_NAME [TARGET_NAME...]')
    .argument('<image>')
    .argument('<targets...>')
    .action(async (ref: string, targets: string[]) => {
      await withEngine(globals, (engine) => engine.images.tag(ref, targets));
    });
}
