// `berth volume inspect`: podman's volume JSON (an array), or a Go template per volume.
import type { BerthCommand } from '../../berth-command.ts';
import { withEngine, type GlobalsReader } from '../../with-engine.ts';
import { printVolumeErrors } from './rm.ts';

export function registerVolumeInspect(parent: BerthCommand, globals: GlobalsReader): void {
  parent
    .command('inspect')
    .description('Display detailed information on one or more volumes')
    .usage('[options] VOLUME [VOLUME...]')
    .argument('[volumes...]')
    .option('-a, --all', 'Inspect all volumes')
    .option('-f, --format <format>', 'Format volume output using JSON or a Go template')
    .action(async (names: string[], flags: { all?: boolean; format?: string }) => {
      const { data, errors } = await withEngine(globals, (engine) =>
        engine.volumes.inspect(names, flags.all ?? false),
      );
      const { isJsonFormat, toJson, renderGoTemplate } =
        await import('../../output/format-report.ts');
      if (flags.format === undefined || isJsonFormat(flags.format))
        process.stdout.write(toJson(data));
      else
        for (const item of data)
          process.stdout.write(
            renderGoTemplate(flags.format, item, { mapPaths: ['Labels', 'Options'] }),
          );
      printVolumeErrors(errors);
    });
}
