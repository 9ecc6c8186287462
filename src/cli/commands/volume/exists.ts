// `berth volume exists NAME`: exit status 0 when it exists, 1 when not; no output.
import type { BerthCommand } from '../../berth-command.ts';
import { withEngine, type GlobalsReader } from '../../with-engine.ts';

export function registerVolumeExists(parent: BerthCommand, globals: GlobalsReader): void {
  parent
    .command('exists')
    .description('Check if volume exists')
    .usage('VOLUME')
    .argument('<volume>')
    .action(async (name: string) => {
      const found = await withEngine(globals, (engine) => engine.volumes.exists(name));
      process.exitCode = found ? 0 : 1;
    });
}
