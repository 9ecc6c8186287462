// `berth port` / `container port`: published ports; none exist until networking, so the
// output is empty and the status 0, as podman prints for a container without ports.
import type { BerthCommand } from '../../berth-command.ts';
import { withEngine, type GlobalsReader } from '../../with-engine.ts';

export function registerPort(parent: BerthCommand, globals: GlobalsReader): void {
  parent
    .command('port')
    .description('List port mappings or a specific mapping for the container')
    .usage('[options] CONTAINER [PORT]')
    .argument('[container]')
    .argument('[port]')
    .option('-a, --all', 'Display port information for all containers')
    .option('-l, --latest', 'Act on the latest container berth is aware of')
    .action(
      async (
        ref: string | undefined,
        _port: string | undefined,
        flags: { all?: boolean; latest?: boolean },
      ) => {
        const all = flags.all ?? false;
        const result = await withEngine(globals, (engine) =>
          engine.containers.port({
            refs: ref === undefined || all ? [] : [ref],
            all,
            latest: flags.latest ?? false,
          }),
        );
        for (const { id, ports } of result) {
          for (const port of ports)
            process.stdout.write(all ? `${id.slice(0, 12)}\t${port}\n` : `${port}\n`);
        }
      },
    );
}
