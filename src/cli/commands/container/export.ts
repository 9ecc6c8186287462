// `berth export [-o FILE] CONTAINER`: the container's rootfs as a tar (stdout unless -o). The
// engine writes the tar into the stream given; -o's file is berth's, as it is podman-remote's.
import type { BerthCommand } from '../../berth-command.ts';
import { usage } from '../../berth-command.ts';
import { withEngine, type GlobalsReader } from '../../with-engine.ts';
import { FileSink } from '../../output/file-sink.ts';

export function registerExport(parent: BerthCommand, globals: GlobalsReader): void {
  parent
    .command('export')
    .description("Export container's filesystem contents as a tar archive")
    .usage('[options] CONTAINER')
    .argument('<container>')
    .option(
      '-o, --output <file>',
      'Write to a specified file (default: stdout, which must be redirected)',
    )
    .action(async (ref: string, flags: { output?: string }) => {
      const output = flags.output ?? '-';
      if (output === '-' && process.stdout.isTTY)
        throw usage('refusing to export to terminal. Use -o flag or redirect');
      if (output === '-') {
        await withEngine(globals, (engine) => engine.containers.export(ref, process.stdout));
        return;
      }
      const file = new FileSink(output);
      try {
        await withEngine(globals, (engine) => engine.containers.export(ref, file));
        await file.close();
      } finally {
        file.destroy();
      }
    });
}
