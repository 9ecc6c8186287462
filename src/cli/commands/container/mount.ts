// `berth mount [CONTAINER...]`: mounts rootfs and prints the merged path; with none lists `ID PATH`.
import type { BerthCommand } from '../../berth-command.ts';
import { withEngine, type GlobalsReader } from '../../with-engine.ts';

export function registerMount(parent: BerthCommand, globals: GlobalsReader): void {
  parent
    .command('mount')
    .description("Mount a working container's root filesystem")
    .usage('[options] [CONTAINER...]')
    .argument('[containers...]')
    .option('--no-trunc', 'Do not truncate output')
    .action(async (refs: string[], flags: { trunc?: boolean }) => {
      const reports = await withEngine(globals, (engine) => engine.containers.mount(refs));
      if (refs.length > 0)
        process.stdout.write(reports.map((report) => `${report.path}\n`).join(''));
      else
        process.stdout.write(
          reports
            .map(
              (report) =>
                `${flags.trunc === false ? report.id : report.id.slice(0, 12)} ${report.path}\n`,
            )
            .join(''),
        );
    });
}
