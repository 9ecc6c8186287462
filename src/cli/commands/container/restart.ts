// `berth restart` / `container restart`: stop (-t) then start again; prints each ref.
import type { BerthCommand } from '../../berth-command.ts';
import { withEngine, type GlobalsReader } from '../../with-engine.ts';
import { printVerbReports } from '../../output/verb-reports.ts';
import { parseSeconds } from '../../options/numbers.ts';
import { checkAllLatest } from '../../options/all-latest.ts';

export function registerRestart(parent: BerthCommand, globals: GlobalsReader): void {
  parent
    .command('restart')
    .description('Restart one or more containers')
    .usage('[options] CONTAINER [CONTAINER...]')
    .argument('[containers...]')
    .option('-a, --all', 'Restart all non-running containers')
    .option('--running', 'Restart only running containers')
    .option(
      '-t, --time <seconds>',
      'Seconds to wait for stop before killing the container',
      parseSeconds('time'),
    )
    .option('-l, --latest', 'Act on the latest container berth is aware of')
    .action(
      async (
        refs: string[],
        flags: { all?: boolean; running?: boolean; time?: number; latest?: boolean },
      ) => {
        checkAllLatest(refs, flags);
        const reports = await withEngine(globals, (engine) =>
          engine.containers.restart({
            refs,
            all: flags.all ?? false,
            latest: flags.latest ?? false,
            running: flags.running ?? false,
            ...(flags.time !== undefined ? { timeoutSeconds: flags.time } : {}),
          }),
        );
        printVerbReports(reports);
      },
    );
}
