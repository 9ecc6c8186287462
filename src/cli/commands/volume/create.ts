// `berth volume create [NAME]`: prints the volume's name.
import type { BerthCommand } from '../../berth-command.ts';
import { collect } from '../../berth-command.ts';
import { withEngine, type GlobalsReader } from '../../with-engine.ts';

export function registerVolumeCreate(parent: BerthCommand, globals: GlobalsReader): void {
  parent
    .command('create')
    .description('Create a new volume')
    .usage('[options] [NAME]')
    .argument('[name]')
    .option('-d, --driver <driver>', 'Specify volume driver name', 'local')
    .option('-l, --label <label>', 'Set metadata for a volume (e.g., --label mykey=value)', collect)
    .option('-o, --opt <option>', 'Set driver specific options', collect)
    .option('--ignore', "Don't fail if volume already exists")
    .action(
      async (
        name: string | undefined,
        flags: { driver: string; label?: string[]; opt?: string[]; ignore?: boolean },
      ) => {
        const options = {
          driver: flags.driver,
          labels: pairs(flags.label),
          options: pairs(flags.opt),
          ignoreExisting: flags.ignore ?? false,
        };
        const created = await withEngine(globals, (engine) =>
          engine.volumes.create(name === undefined ? options : { ...options, name }),
        );
        process.stdout.write(`${created}\n`);
      },
    );
}

function pairs(values: string[] | undefined): Record<string, string> {
  const map: Record<string, string> = {};
  for (const value of values ?? []) {
    const eq = value.indexOf('=');
    if (eq < 0) map[value] = '';
    else map[value.slice(0, eq)] = value.slice(eq + 1);
  }
  return map;
}
