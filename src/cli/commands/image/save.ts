// `berth save` / `berth image save`: podman's flags; the archive goes to -o FILE, or to stdout
// (never a terminal) through a temp file.
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Option } from 'commander';
import { usage, type BerthCommand } from '../../berth-command.ts';
import { withEngine, type GlobalsReader } from '../../with-engine.ts';
import type { ImageArchiveFormat } from '../../../domain/image-reports.ts';

interface SaveFlags {
  output?: string;
  format: string;
  quiet?: boolean;
  multiImageArchive?: boolean;
  compress?: boolean;
}

const formats: readonly ImageArchiveFormat[] = ['docker-archive', 'oci-archive'];

export function registerSave(parent: BerthCommand, globals: GlobalsReader): void {
  parent
    .command('save')
    .description('Save image(s) to an archive')
    .usage('[options] IMAGE [IMAGE...]')
    .argument('<images...>')
    .option(
      '-o, --output <file>',
      'Write to a specified file (default: stdout, which must be redirected)',
    )
    .addOption(
      new Option('--format <format>', 'Save image to oci-archive or docker-archive').default(
        'docker-archive',
      ),
    )
    .option(
      '-m, --multi-image-archive',
      'Interpret additional arguments as images not tags and create a multi-image-archive (only for docker-archive)',
    )
    .option(
      '--compress',
      "Compress tarball image layers when saving to a directory using the 'dir' transport. (default is same compression type as source)",
    )
    .option('-q, --quiet', 'Suppress the output')
    .action(async (refs: string[], flags: SaveFlags) => {
      if (!(formats as readonly string[]).includes(flags.format))
        throw usage(`unsupported format "${flags.format}": use docker-archive or oci-archive`);
      const format = flags.format as ImageArchiveFormat;
      if (flags.output !== undefined) {
        const output = resolve(flags.output);
        await withEngine(globals, (engine) => engine.images.save({ refs, output, format }));
        return;
      }
      if (process.stdout.isTTY)
        throw usage('refusing to save to terminal. Use -o flag or redirect');
      const dir = await mkdtemp(join(process.env['TMPDIR'] ?? tmpdir(), 'berth-save-'));
      try {
        const output = join(dir, 'archive.tar');
        await withEngine(globals, (engine) => engine.images.save({ refs, output, format }));
        await pipeline(createReadStream(output), process.stdout, { end: false });
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
}
