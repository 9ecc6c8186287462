// `berth network ls`: NETWORK ID, NAME, DRIVER as podman; -q, --filter, --format.
import type { BerthCommand } from '../../berth-command.ts';
import { collect } from '../../berth-command.ts';
import { withEngine, type GlobalsReader } from '../../with-engine.ts';
import { goFields } from './inspect.ts';

export function registerNetworkLs(parent: BerthCommand, globals: GlobalsReader): void {
  parent
    .command('ls')
    .alias('list')
    .description('List networks')
    .usage('[options]')
    .option('-f, --filter <filter>', 'Provide filter values (e.g. name=podman)', collect)
    .option('--format <format>', 'Pretty-print networks to JSON or using a Go template')
    .option('-q, --quiet', 'display only names')
    .option('--noheading', 'Do not print headers')
    .action(
      async (flags: {
        filter?: string[];
        format?: string;
        quiet?: boolean;
        noheading?: boolean;
      }) => {
        const networks = await withEngine(globals, (engine) =>
          engine.networks.list(flags.filter ?? []),
        );
        if (flags.quiet) {
          process.stdout.write(networks.map((network) => `${network.name}\n`).join(''));
          return;
        }
        if (flags.format !== undefined) {
          const { isJsonFormat, toJson, renderGoTemplate } =
            await import('../../output/format-report.ts');
          if (isJsonFormat(flags.format)) process.stdout.write(toJson(networks));
          else
            for (const network of networks)
              process.stdout.write(
                renderGoTemplate(
                  flags.format,
                  { ...goFields(network), ID: network.id.slice(0, 12) },
                  { mapPaths: ['Labels'] },
                ),
              );
          return;
        }
        // podman's table, aligned by the same tab writer as every other listing.
        const { compileReport } = await import('../../output/go-template/index.ts');
        const rows = networks.map((network) => ({
          ID: network.id.slice(0, 12),
          Name: network.name,
          Driver: network.driver,
        }));
        const report = compileReport('table {{.ID}}\t{{.Name}}\t{{.Driver}}', 'podman');
        process.stdout.write(
          report.render(rows, {
            headers: { ID: 'NETWORK ID' },
            noHeading: flags.noheading ?? false,
          }),
        );
      },
    );
}
