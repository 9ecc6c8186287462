// `berth logs` / `container logs`: the k8s-file log of one or more containers, with -f, --tail,
// -t, --since, --until and -n/--names.
import type { BerthCommand } from '../../berth-command.ts';
import { withEngine, type GlobalsReader } from '../../with-engine.ts';
import { parseInteger } from '../../options/numbers.ts';
import { parseTimeFlag } from '../../options/time-flag.ts';

interface LogsFlags {
  follow?: boolean;
  tail: number;
  timestamps?: boolean;
  since?: string;
  until?: string;
  names?: boolean;
  latest?: boolean;
}

export function registerLogs(parent: BerthCommand, globals: GlobalsReader): void {
  parent
    .command('logs')
    .description('Fetch the logs of one or more containers')
    .usage('[options] CONTAINER [CONTAINER...]')
    .argument('[containers...]')
    .option('-f, --follow', 'Follow log output')
    .option(
      '--tail <n>',
      'Output the specified number of LINES at the end of the logs',
      parseInteger('tail'),
      -1,
    )
    .option('-t, --timestamps', 'Output the timestamps in the log')
    .option('--since <time>', 'Show logs since TIMESTAMP')
    .option('--until <time>', 'Show logs until TIMESTAMP')
    .option('-n, --names', 'Output the container name in the log')
    .option('-l, --latest', 'Act on the latest container berth is aware of')
    .action(async (refs: string[], flags: LogsFlags) => {
      const names = (flags.names ?? false) || refs.length > 1;
      const options = {
        refs,
        follow: flags.follow ?? false,
        tail: flags.tail,
        timestamps: flags.timestamps ?? false,
        names,
        latest: flags.latest ?? false,
        ...(flags.since !== undefined ? { sinceMs: parseTimeFlag(flags.since, 'since') } : {}),
        ...(flags.until !== undefined ? { untilMs: parseTimeFlag(flags.until, 'until') } : {}),
      };
      await withEngine(globals, (engine) =>
        engine.containers.logs(options, (line) => {
          const prefix = `${names ? `${line.name} ` : ''}${options.timestamps ? `${line.timestamp} ` : ''}`;
          (line.stream === 'stderr' ? process.stderr : process.stdout).write(prefix + line.text);
        }),
      );
    });
}
