// `berth version`: podman's "Client:" block as text, JSON or a Go template (.Client.Version).
import type { BerthCommand } from '../../berth-command.ts';
import type { GlobalsReader } from '../../with-engine.ts';
import { localVersionReport } from '../../../lib/version-report.ts';

export function registerVersion(parent: BerthCommand, _globals: GlobalsReader): void {
  parent
    .command('version')
    .description('Display the berth version information')
    .option('-f, --format <format>', 'Change the output format to JSON or a Go template')
    .action(async (options: { format?: string }) => {
      const { isJsonFormat, renderGoTemplate, toJson } =
        await import('../../output/format-report.ts');
      const client = localVersionReport();
      const report = { Client: client };
      if (options.format === undefined) {
        const rows: [string, string][] = [
          ['Client', 'Berth Engine'],
          ['Version', client.Version],
          ['API Version', client.APIVersion],
          ['Go Version', client.GoVersion],
          ...(client.GitCommit ? [['Git Commit', client.GitCommit] as [string, string]] : []),
          ['Built', client.BuiltTime],
          ['OS/Arch', client.OsArch],
        ];
        process.stdout.write(
          rows.map(([key, value]) => `${`${key}:`.padEnd(14)}${value}`).join('\n') + '\n',
        );
      } else if (isJsonFormat(options.format)) process.stdout.write(toJson(report));
      else process.stdout.write(renderGoTemplate(options.format, report, { mapPaths: ['Client'] }));
    });
}
