// `berth wait` / `container wait`: blocks until each container meets the condition (default
// stopped) and prints its exit code, one line per container, as podman does.
import type { BerthCommand } from '../../berth-command.ts';
import { collect } from '../../berth-command.ts';
import { withEngine, type GlobalsReader } from '../../with-engine.ts';
import { printVerbReports } from '../../output/verb-reports.ts';
import { parseInteger } from '../../options/numbers.ts';

interface WaitFlags {
  condition?: string[];
  interval?: number;
  ignore?: boolean;
  latest?: boolean;
}

export function registerWait(parent: BerthCommand, globals: GlobalsReader): void {
  parent
    .command('wait')
    .description('Block on one or more containers')
    .usage('[options] CONTAINER [CONTAINER...]')
    .argument('[containers...]')
    .option('--condition <state>', 'Condition to wait on', collect)
    .option(
      '-i, --interval <ms>',
      'Time interval to wait before polling for completion (milliseconds)',
      parseInteger('interval'),
    )
    .option('--ignore', 'Ignore if a container does not exist')
    .option('-l, --latest', 'Act on the latest container berth is aware of')
    .action(async (refs: string[], flags: WaitFlags) => {
      const reports = await withEngine(globals, (engine) =>
        engine.containers.wait({
          refs,
          latest: flags.latest ?? false,
          ignore: flags.ignore ?? false,
          conditions: flags.condition ?? [],
          intervalMs: flags.interval ?? 250,
        }),
      );
      for (const report of reports)
        if (!report.error) process.stdout.write(`${report.exitCode ?? -1}\n`);
      printVerbReports(reports, false);
    });
}
