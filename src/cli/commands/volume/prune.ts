// `berth volume prune`: removes every volume no container uses; prints their names.
import type { BerthCommand } from '../../berth-command.ts';
import { withEngine, type GlobalsReader } from '../../with-engine.ts';

export function registerVolumePrune(parent: BerthCommand, globals: GlobalsReader): void {
  parent
    .command('prune')
    .description('Remove all unused volumes')
    .option('-f, --force', 'Do not prompt for confirmation')
    .action(async () => {
      const removed = await withEngine(globals, (engine) => engine.volumes.prune());
      process.stdout.write(removed.map((name) => `${name}\n`).join(''));
    });
}
