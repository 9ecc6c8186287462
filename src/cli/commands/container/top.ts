// `berth top` / `container top CONTAINER [DESCRIPTORS...]`: the container's processes in
// podman's table (default USER PID PPID %CPU ELAPSED TTY TIME COMMAND).
import type { BerthCommand } from '../../berth-command.ts';
import { withEngine, type GlobalsReader } from '../../with-engine.ts';
import { formatTable } from '../../output/tab-writer.ts';

export function registerTop(parent: BerthCommand, globals: GlobalsReader): void {
  parent
    .command('top')
    .description('Display the running processes of a container')
    .usage('[options] CONTAINER [FORMAT-DESCRIPTORS|ARGS...]')
    .argument('[container]')
    .argument('[descriptors...]')
    .option('-l, --latest', 'Act on the latest container berth is aware of')
    .action(async (ref: string | undefined, descriptors: string[], flags: { latest?: boolean }) => {
      const latest = flags.latest ?? false;
      // With -l every argument is a descriptor.
      const [target, wanted] = latest
        ? [undefined, ref === undefined ? descriptors : [ref, ...descriptors]]
        : [ref, descriptors];
      const rows = await withEngine(globals, (engine) =>
        engine.containers.top(target, latest, wanted),
      );
      process.stdout.write(formatTable(rows));
    });
}
