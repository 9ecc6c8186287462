// `berth start` / `container start`: starts created or exited containers; -a attaches and exits
// with the container's status.
import type { BerthCommand } from '../../berth-command.ts';
import { withEngine, type GlobalsReader } from '../../with-engine.ts';
import { printVerbReports } from '../../output/verb-reports.ts';
import { attachSession } from '../../attach-session.ts';
import { checkStartArgs } from '../../options/all-latest.ts';

export function registerStart(parent: BerthCommand, globals: GlobalsReader): void {
  parent
    .command('start')
    .description('Start one or more containers')
    .usage('[options] CONTAINER [CONTAINER...]')
    .argument('[containers...]')
    .option('-a, --attach', "Attach container's STDOUT and STDERR")
    .option('-i, --interactive', 'Make STDIN available to the contained process')
    .option('--all', 'Start all containers regardless of their state or configuration')
    .action(
      async (refs: string[], flags: { attach?: boolean; interactive?: boolean; all?: boolean }) => {
        checkStartArgs(refs, flags);
        const attach = flags.attach ?? false;
        const interactive = flags.interactive ?? false;
        const reports = await withEngine(globals, async (engine) => {
          const options = { refs, all: flags.all ?? false, attach, interactive };
          if (!attach) return engine.containers.start(options);
          using session = attachSession(engine, {
            stdin: interactive,
            terminal: false,
            sigProxy: false,
          });
          return await engine.containers.start(options, session.io);
        });
        printVerbReports(reports, !attach);
        const exitCode = reports[0]?.exitCode;
        if (attach && exitCode !== undefined && process.exitCode === undefined)
          process.exitCode = exitCode;
      },
    );
}
