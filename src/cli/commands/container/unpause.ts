// `berth unpause` / `container unpause`: thaws paused containers; prints each ref.
import type { BerthCommand } from '../../berth-command.ts';
import { withEngine, type GlobalsReader } from '../../with-engine.ts';
import { printVerbReports } from '../../output/verb-reports.ts';

export function registerUnpause(parent: BerthCommand, globals: GlobalsReader): void {
  parent
    .command('unpause')
    .description('Unpause the processes in one or more containers')
    .usage('[options] CONTAINER [CONTAINER...]')
    .argument('[containers...]')
    .option('-a, --all', 'Unpause all paused containers')
    .option('-l, --latest', 'Act on the latest container berth is aware of')
    .action(async (refs: string[], flags: { all?: boolean; latest?: boolean }) => {
      const reports = await withEngine(globals, (engine) =>
        engine.containers.unpause({ refs, all: flags.all ?? false, latest: flags.latest ?? false }),
      );
      printVerbReports(reports);
    });
}
