// `berth image exists IMAGE`: exit status 0 when the image is in local storage, 1 when not.
import type { BerthCommand } from '../../berth-command.ts';
import { withEngine, type GlobalsReader } from '../../with-engine.ts';

export function registerImageExists(parent: BerthCommand, globals: GlobalsReader): void {
  parent
    .command('exists')
    .description('Check if an image exists in local storage')
    .usage('IMAGE')
    .argument('<image>')
    .action(async (ref: string) => {
      const found = await withEngine(globals, (engine) => engine.images.exists(ref));
      if (!found) process.exitCode = 1;
    });
}
