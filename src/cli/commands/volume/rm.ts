// `berth volume rm`: refused (exit 2) while a container uses the volume, unless -f.
import type { BerthCommand } from '../../berth-command.ts';
import { withEngine, type GlobalsReader } from '../../with-engine.ts';
import type { VolumeRemoveReport } from '../../../domain/volume-reports.ts';
import { exitStatusOf } from '../../../lib/berth-error.ts';

export function registerVolumeRm(parent: BerthCommand, globals: GlobalsReader): void {
  parent
    .command('rm')
    .alias('remove')
    .description('Remove one or more volumes')
    .usage('[options] VOLUME [VOLUME...]')
    .argument('[volumes...]')
    .option('-a, --all', 'Remove all volumes')
    .option('-f, --force', 'Remove a volume by force, even if it is being used by a container')
    .action(async (names: string[], flags: { all?: boolean; force?: boolean }) => {
      const reports = await withEngine(globals, (engine) =>
        engine.volumes.remove({ names, all: flags.all ?? false, force: flags.force ?? false }),
      );
      for (const report of reports) if (!report.error) process.stdout.write(`${report.name}\n`);
      printVolumeErrors(reports);
      // podman's volume rm: 1 when a volume did not exist (and nothing else failed), 2 when in use.
      const codes = reports.flatMap((report) => (report.error ? [report.error.code] : []));
      if (codes.length > 0 && codes.every((code) => code === 'NO_SUCH_VOLUME'))
        process.exitCode = 1;
    });
}

/** "Error: …" per failure on stderr; the exit status of the first failure. */
export function printVolumeErrors(reports: readonly VolumeRemoveReport[]): void {
  let failed: number | undefined;
  for (const report of reports) {
    if (!report.error) continue;
    process.stderr.write(`Error: ${report.error.message}\n`);
    failed ??= exitStatusOf(report.error);
  }
  if (failed !== undefined) process.exitCode = failed;
}
