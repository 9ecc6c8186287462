// `berth network rm` (refused, exit 2, while containers use it unless -f), `prune` and `exists`.
import type { BerthCommand } from '../../berth-command.ts';
import { withEngine, type GlobalsReader } from '../../with-engine.ts';
import type { NetworkRemoveReport } from '../../../domain/network-reports.ts';
import { exitStatusOf } from '../../../lib/berth-error.ts';

export function registerNetworkRm(parent: BerthCommand, globals: GlobalsReader): void {
  parent
    .command('rm')
    .alias('remove')
    .description('Remove networks')
    .usage('[options] NETWORK [NETWORK...]')
    .argument('<networks...>')
    .option('-f, --force', 'remove any containers using network')
    .action(async (names: string[], flags: { force?: boolean }) => {
      const reports = await withEngine(globals, (engine) =>
        engine.networks.remove(names, flags.force ?? false),
      );
      for (const report of reports) if (!report.error) process.stdout.write(`${report.name}\n`);
      printNetworkErrors(reports);
    });
}

export function registerNetworkPrune(parent: BerthCommand, globals: GlobalsReader): void {
  parent
    .command('prune')
    .description('Prune unused networks')
    .option('-f, --force', 'do not prompt for confirmation')
    .action(async () => {
      const removed = await withEngine(globals, (engine) => engine.networks.prune());
      process.stdout.write(removed.map((name) => `${name}\n`).join(''));
    });
}

export function registerNetworkExists(parent: BerthCommand, globals: GlobalsReader): void {
  parent
    .command('exists')
    .description('network exists')
    .usage('NETWORK')
    .argument('<network>')
    .action(async (name: string) => {
      const found = await withEngine(globals, (engine) => engine.networks.exists(name));
      process.exitCode = found ? 0 : 1;
    });
}

/** "Error: …" per failure on stderr; the exit status of the first failure. */
export function printNetworkErrors(reports: readonly NetworkRemoveReport[]): void {
  let failed: number | undefined;
  for (const report of reports) {
    if (!report.error) continue;
    process.stderr.write(`Error: ${report.error.message}\n`);
    failed ??= exitStatusOf(report.error);
  }
  if (failed !== undefined) process.exitCode = failed;
}
