// `berth pause` / `container pause`: freezes every process of the containers; prints each ref.
import type { BerthCommand } from '../../berth-command.ts';
import { withEngine, type GlobalsReader } from '../../with-engine.ts';
import { printVerbReports } from '../../output/verb-reports.ts';

export function registerPause(parent: BerthCommand, globals: GlobalsReader): void {
  parent
    .command('pause')
    .description('Pause all the processes in one or more containers')
    .usage('[options] CONTAINER [CONTAINER...]')
    .argument('[containers...]')
    .option('-a, --all', 'Pause all running containers')
    .option('-l, --latest', 'Act on the latest container berth is aware of')
    .action(async (refs: string[], flags: { all?: boolean; latest?: boolean }) => {
      const reports = await withEngine(globals, (engine) =>
        engine.containers.pause({ refs, all: flags.all ?? false, latest: flags.latest ?? false }),
      );
      printVerbReports(reports);
    });
}
