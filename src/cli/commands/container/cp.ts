// `berth cp SRC DEST`: one side is CONTAINER:PATH; works on running and stopped containers.
import type { BerthCommand } from '../../berth-command.ts';
import { withEngine, type GlobalsReader } from '../../with-engine.ts';

export function registerCp(parent: BerthCommand, globals: GlobalsReader): void {
  parent
    .command('cp')
    .description('Copy files/folders between a container and the local filesystem')
    .usage('[options] [CONTAINER:]SRC_PATH [CONTAINER:]DEST_PATH')
    .argument('<source>')
    .argument('<destination>')
    .option(
      '-a, --archive',
      'Chown copied files to the primary uid/gid of the destination container',
      true,
    )
    .option('--overwrite', 'Allow to overwrite directories with non-directories and vice versa')
    .action(async (source: string, destination: string) => {
      await withEngine(globals, (engine) => engine.containers.copy(source, destination));
    });
}
