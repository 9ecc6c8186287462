// `berth kill` / `container kill`: sends a signal (default KILL) to running containers.
import type { BerthCommand } from '../../berth-command.ts';
import { withEngine, type GlobalsReader } from '../../with-engine.ts';
import { printVerbReports } from '../../output/verb-reports.ts';
import { checkAllLatest } from '../../options/all-latest.ts';

export function registerKill(parent: BerthCommand, globals: GlobalsReader): void {
  parent
    .command('kill')
    .description('Kill one or more running containers with a specific signal')
    .usage('[options] CONTAINER [CONTAINER...]')
    .argument('[containers...]')
    .option('-a, --all', 'Signal all running containers')
    .option('-s, --signal <signal>', 'Signal to send to the container', 'KILL')
    .action(async (refs: string[], flags: { all?: boolean; signal: string }) => {
      checkAllLatest(refs, flags);
      const reports = await withEngine(globals, (engine) =>
        engine.containers.kill({ refs, all: flags.all ?? false, signal: flags.signal }),
      );
      printVerbReports(reports);
    });
}
