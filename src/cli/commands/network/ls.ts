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
        const nameWidth = Math.max(4, ...networks.map((network) => network.name.length)) + 4;
        const lines = flags.noheading ? [] : [`NETWORK ID    ${'NAME'.padEnd(nameWidth)}DRIVER`];
        for (const network of networks)
          lines.push(
            `${network.id.slice(0, 12)}  ${network.name.padEnd(nameWidth)}${network.driver}`,
          );
        process.stdout.write(lines.map((line) => `${line}\n`).join(''));
      },
    );
}
