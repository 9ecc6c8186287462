// `berth rm` / `container rm`: removes containers; running ones only with -f (stopped first).
import type { BerthCommand } from '../../berth-command.ts';
import { withEngine, type GlobalsReader } from '../../with-engine.ts';
import { printVerbReports } from '../../output/verb-reports.ts';
import { parseSeconds } from '../../options/numbers.ts';
import { checkAllLatest } from '../../options/all-latest.ts';
import { readCidFiles } from '../../options/cid-files.ts';
import { collect } from '../../berth-command.ts';

export function registerRm(parent: BerthCommand, globals: GlobalsReader, name = 'rm'): void {
  parent
    .command(name)
    .description('Remove one or more containers')
    .usage('[options] CONTAINER [CONTAINER...]')
    .argument('[containers...]')
    .option('-a, --all', 'Remove all containers')
    .option('-f, --force', 'Force removal of a running or unusable container')
    .option('-i, --ignore', 'Ignore errors when a specified container is missing')
    .option('--cidfile <file>', 'Read the container ID from the file', collect)
    .option(
      '-t, --time <seconds>',
      'Seconds to wait for stop before killing the container',
      parseSeconds('time'),
    )
    .option('-v, --volumes', 'Remove anonymous volumes associated with the container')
    .action(
      async (
        refs: string[],
        flags: {
          all?: boolean;
          force?: boolean;
          ignore?: boolean;
          time?: number;
          volumes?: boolean;
          cidfile?: string[];
        },
      ) => {
        checkAllLatest(refs, flags);
        if (flags.cidfile) {
          refs = await readCidFiles(flags.cidfile, flags.ignore ?? false);
          if (refs.length === 0) return;
        }
        const reports = await withEngine(globals, (engine) =>
          engine.containers.remove({
            refs,
            all: flags.all ?? false,
            force: flags.force ?? false,
            ignore: flags.ignore ?? false,
            volumes: flags.volumes ?? false,
            ...(flags.time !== undefined ? { timeoutSeconds: flags.time } : {}),
          }),
        );
        // podman rm: 1 when a container does not exist, 2 when one is running (CONTAINER_RUNNING).
        printVerbReports(reports, true, (report) =>
          report.error?.code === 'NO_SUCH_CONTAINER' ? 1 : undefined,
        );
      },
    );
}
