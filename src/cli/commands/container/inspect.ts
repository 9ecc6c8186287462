// `berth container inspect`: podman's container JSON (an array), or a Go template per container.
import type { BerthCommand } from '../../berth-command.ts';
import { withEngine, type GlobalsReader } from '../../with-engine.ts';
import { printVerbReports } from '../../output/verb-reports.ts';

export function registerContainerInspect(parent: BerthCommand, globals: GlobalsReader): void {
  parent
    .command('inspect')
    .description('Display the configuration of a container')
    .usage('[options] CONTAINER [CONTAINER...]')
    .argument('[containers...]')
    .option('-f, --format <format>', 'Format the output to a Go template or json')
    .option('-l, --latest', 'Act on the latest container berth is aware of')
    .option('-s, --size', 'Display total file size')
    .action(async (refs: string[], flags: { format?: string; latest?: boolean }) => {
      const { data, errors } = await withEngine(globals, (engine) =>
        engine.containers.inspect(refs, flags.latest ?? false),
      );
      const { isJsonFormat, toJson, renderGoTemplate } =
        await import('../../output/format-report.ts');
      const { inspectMapPaths } = await import('../../output/go-view.ts');
      if (flags.format === undefined || isJsonFormat(flags.format))
        process.stdout.write(toJson(data));
      else
        for (const item of data)
          process.stdout.write(renderGoTemplate(flags.format, item, { mapPaths: inspectMapPaths }));
      printVerbReports(errors, false);
    });
}
