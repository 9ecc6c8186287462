// `berth create` / `container create`: run's grammar and flags, but the container is only
// created (its layer and row); `start` runs it. Prints the full ID.
import type { BerthCommand } from '../../berth-command.ts';
import { withEngine, type GlobalsReader } from '../../with-engine.ts';
import { writeCidFile } from '../../options/run-flags.ts';
import {
  containerOptions,
  declareContainerFlags,
  printCreateEvent,
  storageOptions,
  type ContainerFlags,
} from '../../options/container-flags.ts';

export function registerCreate(parent: BerthCommand, globals: GlobalsReader): void {
  declareContainerFlags(parent.command('create'))
    .description('Create but do not start a container')
    .helpOption('--help', 'Help for create')
    .action(async (image: string, command: string[], flags: ContainerFlags) => {
      const options = await containerOptions(image, command, flags, true);
      const report = await withEngine(globals, (engine) =>
        engine.containers.create({ ...options, ...storageOptions(flags) }, printCreateEvent),
      );
      await writeCidFile(flags.cidfile, report.id);
      process.stdout.write(`${report.id}\n`);
    });
}
