// `berth port` / `container port`: a running container's published ports as podman prints them
// (`8080/tcp -> 0.0.0.0:8080`), or one mapping's host address with a PORT argument.
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
        port: string | undefined,
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
          for (const line of ports) {
            const [containerPort = '', hostAddress = ''] = line.split(' -> ');
            if (port === undefined)
              process.stdout.write(all ? `${id.slice(0, 12)}\t${line}\n` : `${line}\n`);
            else if (containerPort === port || containerPort === `${port}/tcp`)
              process.stdout.write(`${hostAddress}\n`);
          }
        }
      },
    );
}
