// `berth load` / `berth image load`: a docker-archive or oci-archive from -i FILE or stdin
// (copied to a temp file first); prints podman's `Loaded image: NAME` lines.
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { usage, type BerthCommand } from '../../berth-command.ts';
import { withEngine, type GlobalsReader } from '../../with-engine.ts';

export function registerLoad(parent: BerthCommand, globals: GlobalsReader): void {
  parent
    .command('load')
    .description('Load image(s) from a tar archive')
    .usage('[options]')
    .option('-i, --input <file>', 'Read from specified archive file (default: stdin)')
    .option('-q, --quiet', 'Suppress the output')
    .action(async (flags: { input?: string; quiet?: boolean }) => {
      let input = flags.input === undefined ? undefined : resolve(flags.input);
      let dir: string | undefined;
      try {
        if (input === undefined) {
          if (process.stdin.isTTY)
            throw usage(
              'cannot read from terminal, use command-line redirection or the --input flag',
            );
          dir = await mkdtemp(join(process.env['TMPDIR'] ?? tmpdir(), 'berth-load-'));
          input = join(dir, 'archive.tar');
          await pipeline(process.stdin, createWriteStream(input));
        }
        const options = { input };
        const report = await withEngine(globals, (engine) => engine.images.load(options));
        if (!flags.quiet)
          for (const name of report.loaded) process.stdout.write(`Loaded image: ${name}\n`);
      } finally {
        if (dir !== undefined) await rm(dir, { recursive: true, force: true });
      }
    });
}
