// `berth info` / `berth system info`: podman's info report as YAML-like text, JSON or a Go template.
import type { BerthCommand } from '../../berth-command.ts';
import { withEngine, type GlobalsReader } from '../../with-engine.ts';

export function registerInfo(parent: BerthCommand, globals: GlobalsReader): void {
  parent
    .command('info')
    .description('Display berth system information')
    .option('-f, --format <format>', 'Change the output format to JSON or a Go template')
    .option(
      '-D, --debug',
      'Display additional debug information (accepted for podman compatibility)',
    )
    .action(async (options: { format?: string }) => {
      const info = await withEngine(globals, (engine) => engine.system.info());
      const { isJsonFormat, renderGoTemplate, toJson } =
        await import('../../output/format-report.ts');
      const { toYaml } = await import('../../output/yaml.ts');
      if (options.format === undefined) process.stdout.write(toYaml(info));
      else if (isJsonFormat(options.format)) process.stdout.write(toJson(info));
      else
        process.stdout.write(
          renderGoTemplate(options.format, info, {
            mapPaths: ['registries', 'store.graphOptions', 'store.graphStatus'],
          }),
        );
    });
}
