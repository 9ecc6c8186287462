// `berth create` / `container create`: run's grammar and flags, but the container is only
// created (its layer and row); `start` runs it. Prints the full ID.
import type { BerthCommand } from '../../berth-command.ts';
import { collect } from '../../berth-command.ts';
import { withEngine, type GlobalsReader } from '../../with-engine.ts';
import type { ContainerRunOptions } from '../../../domain/container-reports.ts';
import {
  applyRunFlags,
  declareRunFlags,
  withPull,
  writeCidFile,
  type ExtraRunFlags,
} from '../../options/run-flags.ts';

interface CreateFlags extends ExtraRunFlags {
  interactive?: boolean;
  tty?: boolean;
  rm?: boolean;
  name?: string;
  env?: string[];
  workdir?: string;
  hostname?: string;
  entrypoint?: string;
  user?: string;
  network?: string;
  volume?: string[];
}

export function registerCreate(parent: BerthCommand, globals: GlobalsReader): void {
  declareRunFlags(parent.command('create'))
    .description('Create but do not start a container')
    .usage('[options] IMAGE [COMMAND [ARG...]]')
    .argument('<image>')
    .argument('[command...]')
    .passThroughOptions()
    .option('-i, --interactive', 'Keep STDIN open even if not attached')
    .option('-t, --tty', 'Allocate a pseudo-TTY for container')
    .option('--rm', 'Remove container (and pod if created) after exit')
    .option('--name <name>', 'Assign a name to the container')
    .option('-e, --env <env>', 'Set environment variables in container', collect)
    .option('-w, --workdir <dir>', 'Working directory inside the container')
    .option('-h, --hostname <name>', 'Set container hostname')
    .option('--entrypoint <cmd>', 'Overwrite the default ENTRYPOINT of the image')
    .option('-u, --user <user>', 'Username or UID (format: <name|uid>[:<group|gid>])')
    .option('--network <mode>', 'Connect a container to a network (none, host)')
    .option('-v, --volume <volume>', 'Bind mount a volume into the container', collect)
    .helpOption('--help', 'Help for create')
    .action(async (image: string, command: string[], flags: CreateFlags) => {
      const options: ContainerRunOptions = {
        image,
        command,
        remove: flags.rm ?? false,
        detach: true,
        interactive: flags.interactive ?? false,
        tty: flags.tty ?? false,
        env: flags.env ?? [],
        volumes: flags.volume ?? [],
      };
      if (flags.name !== undefined) options.name = flags.name;
      if (flags.workdir !== undefined) options.workdir = flags.workdir;
      if (flags.hostname !== undefined) options.hostname = flags.hostname;
      if (flags.entrypoint !== undefined) options.entrypoint = flags.entrypoint;
      if (flags.user !== undefined) options.user = flags.user;
      if (flags.network !== undefined) options.network = flags.network;
      await applyRunFlags(options, flags);
      const report = await withEngine(globals, (engine) =>
        withPull(engine, image, flags.pull, () => engine.containers.create(options)),
      );
      await writeCidFile(flags.cidfile, report.id);
      process.stdout.write(`${report.id}\n`);
    });
}
