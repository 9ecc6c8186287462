// `berth unmount` / `umount`: unmounts containers' rootfs (a running container keeps its own).
import type { BerthCommand } from '../../berth-command.ts';
import { withEngine, type GlobalsReader } from '../../with-engine.ts';
import { printVolumeErrors } from '../volume/rm.ts';

export function registerUnmount(parent: BerthCommand, globals: GlobalsReader): void {
  parent
    .command('unmount')
    .alias('umount')
    .description("Unmount working container's root filesystem")
    .usage('[options] CONTAINER [CONTAINER...]')
    .argument('[containers...]')
    .option('-a, --all', 'Unmount all of the currently mounted containers')
    .option('-f, --force', 'Force the complete unmount of the specified mounted containers')
    .action(async (refs: string[], flags: { all?: boolean }) => {
      const reports = await withEngine(globals, (engine) =>
        engine.containers.unmount(refs, flags.all ?? false),
      );
      for (const report of reports) if (!report.error) process.stdout.write(`${report.name}\n`);
      printVolumeErrors(reports);
    });
}
