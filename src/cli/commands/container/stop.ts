// `berth stop` / `container stop`: stop signal, then SIGKILL after -t seconds; prints each ref.
import type { BerthCommand } from '../../berth-command.ts';
import { withEngine, type GlobalsReader } from '../../with-engine.ts';
import { printVerbReports } from '../../output/verb-reports.ts';
import { parseSeconds } from '../../options/numbers.ts';
import { checkAllLatest } from '../../options/all-latest.ts';
import { readCidFiles } from '../../options/cid-files.ts';
import { collect } from '../../berth-command.ts';

export function registerStop(parent: BerthCommand, globals: GlobalsReader): void {
  parent
    .command('stop')
    .description('Stop one or more containers')
    .usage('[options] CONTAINER [CONTAINER...]')
    .argument('[containers...]')
    .option('-a, --all', 'Stop all running containers')
    .option('-i, --ignore', 'Ignore errors when a specified container is missing')
    .option('--cidfile <file>', 'Read the container ID from the file', collect)
    .option(
      '-t, --time <seconds>',
      'Seconds to wait for stop before killing the container',
      parseSeconds('time'),
    )
    .option('-l, --latest', 'Act on the latest container berth is aware of')
    .action(
      async (
        refs: string[],
        flags: {
          all?: boolean;
          ignore?: boolean;
          time?: number;
          latest?: boolean;
          cidfile?: string[];
        },
      ) => {
        checkAllLatest(refs, flags);
        if (flags.cidfile) {
          refs = await readCidFiles(flags.cidfile, flags.ignore ?? false);
          if (refs.length === 0) return;
        }
        const reports = await withEngine(globals, (engine) =>
          engine.containers.stop({
            refs,
            all: flags.all ?? false,
            latest: flags.latest ?? false,
            ignore: flags.ignore ?? false,
            ...(flags.time !== undefined ? { timeoutSeconds: flags.time } : {}),
          }),
        );
        printVerbReports(reports);
      },
    );
}
