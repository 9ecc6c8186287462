// `berth container exists`: exit status 0 when the container exists, 1 when it does not; no output.
import type { BerthCommand } from '../../berth-command.ts';
import { withEngine, type GlobalsReader } from '../../with-engine.ts';

export function registerContainerExists(parent: BerthCommand, globals: GlobalsReader): void {
  parent
    .command('exists')
    .description('Check if a container exists in local storage')
    .usage('[options] CONTAINER')
    .argument('<container>')
    .action(async (ref: string) => {
      const found = await withEngine(globals, (engine) => engine.containers.exists(ref));
      process.exitCode = found ? 0 : 1;
    });
}
