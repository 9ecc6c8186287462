// `berth rename` / `container rename OLD NEW`: prints nothing on success, as podman.
import type { BerthCommand } from '../../berth-command.ts';
import { withEngine, type GlobalsReader } from '../../with-engine.ts';

export function registerRename(parent: BerthCommand, globals: GlobalsReader): void {
  parent
    .command('rename')
    .description('Rename an existing container')
    .usage('CONTAINER NAME')
    .argument('<container>')
    .argument('<name>')
    .action(async (ref: string, name: string) => {
      await withEngine(globals, (engine) => engine.containers.rename(ref, name));
    });
}
