// `berth import` / `berth image import`: a rootfs tarball becomes a one-layer image; prints its ID.
import type { BerthCommand } from '../../berth-command.ts';
import { collect } from '../../berth-command.ts';
import { withEngine, type GlobalsReader } from '../../with-engine.ts';
import type { ImageImportOptions } from '../../../domain/image-reports.ts';

export function registerImport(parent: BerthCommand, globals: GlobalsReader): void {
  parent
    .command('import')
    .description('Import a tarball to create a filesystem image')
    .usage('[options] PATH [REFERENCE]')
    .argument('<path>')
    .argument('[reference]')
    .option(
      '-c, --change <instruction>',
      'Apply the following possible instructions to the created image (default []): CMD | ENTRYPOINT | ENV | EXPOSE | LABEL | STOPSIGNAL | USER | VOLUME | WORKDIR',
      collect,
    )
    .option('-m, --message <message>', 'Set commit message for imported image')
    .option('-q, --quiet', 'Suppress output')
    .action(
      async (
        path: string,
        reference: string | undefined,
        flags: { change?: string[]; message?: string; quiet?: boolean },
      ) => {
        const options: ImageImportOptions = { source: path, changes: flags.change ?? [] };
        if (reference !== undefined) options.reference = reference;
        if (flags.message !== undefined) options.message = flags.message;
        const report = await withEngine(globals, (engine) => engine.images.import(options));
        process.stdout.write(`${report.id}\n`);
      },
    );
}
