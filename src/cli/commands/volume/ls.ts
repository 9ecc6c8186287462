// `berth volume ls`: DRIVER and VOLUME NAME columns as podman, -q, --filter, --format.
import type { BerthCommand } from '../../berth-command.ts';
import { collect } from '../../berth-command.ts';
import { withEngine, type GlobalsReader } from '../../with-engine.ts';

export function registerVolumeLs(parent: BerthCommand, globals: GlobalsReader): void {
  parent
    .command('ls')
    .alias('list')
    .description('List volumes')
    .usage('[options]')
    .option('-f, --filter <filter>', 'Filter volume output', collect)
    .option('--format <format>', 'Format volume output using Go template')
    .option('-q, --quiet', 'Print volume output in quiet mode')
    .option('--noheading', 'Do not print headers')
    .action(
      async (flags: {
        filter?: string[];
        format?: string;
        quiet?: boolean;
        noheading?: boolean;
      }) => {
        const volumes = await withEngine(globals, (engine) =>
          engine.volumes.list({ filters: flags.filter ?? [] }),
        );
        if (flags.quiet) {
          process.stdout.write(volumes.map((volume) => `${volume.Name}\n`).join(''));
          return;
        }
        if (flags.format !== undefined) {
          const { isJsonFormat, toJson, renderGoTemplate } =
            await import('../../output/format-report.ts');
          if (isJsonFormat(flags.format)) process.stdout.write(toJson(volumes));
          else
            for (const volume of volumes)
              process.stdout.write(
                renderGoTemplate(flags.format, volume, { mapPaths: ['Labels', 'Options'] }),
              );
          return;
        }
        // podman's table, aligned by the same tab writer as every other listing.
        const { compileReport } = await import('../../output/go-template/index.ts');
        const rows = volumes.map((volume) => ({ Driver: volume.Driver, Name: volume.Name }));
        const report = compileReport('table {{.Driver}}\t{{.Name}}', 'podman');
        process.stdout.write(
          report.render(rows, {
            headers: { Name: 'VOLUME NAME' },
            noHeading: flags.noheading ?? false,
          }),
        );
      },
    );
}
