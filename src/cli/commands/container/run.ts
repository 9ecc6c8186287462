// `berth run` / `berth container run`: podman's grammar — options before IMAGE are berth's,
// everything after IMAGE is the container's command. Prints the ID for -d, else exits with
// the container's exit status.
import type { BerthCommand } from '../../berth-command.ts';
import { collect } from '../../berth-command.ts';
import { withEngine, type GlobalsReader } from '../../with-engine.ts';
import type { ContainerRunOptions } from '../../../domain/container-reports.ts';

interface RunFlags {
  interactive?: boolean;
  tty?: boolean;
  detach?: boolean;
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

export function registerRun(parent: BerthCommand, globals: GlobalsReader): void {
  parent
    .command('run')
    .description('Run a command in a new container')
    .usage('[options] IMAGE [COMMAND [ARG...]]')
    .argument('<image>')
    .argument('[command...]')
    .passThroughOptions()
    .option('-i, --interactive', 'Keep STDIN open even if not attached')
    .option('-t, --tty', 'Allocate a pseudo-TTY for container')
    .option('-d, --detach', 'Run container in background and print container ID')
    .option('--rm', 'Remove container (and pod if created) after exit')
    .option('--name <name>', 'Assign a name to the container')
    .option('-e, --env <env>', 'Set environment variables in container', collect)
    .option('-w, --workdir <dir>', 'Working directory inside the container')
    .option('-h, --hostname <name>', 'Set container hostname')
    .option('--entrypoint <cmd>', 'Overwrite the default ENTRYPOINT of the image')
    .option('-u, --user <user>', 'Username or UID (format: <name|uid>[:<group|gid>])')
    .option('--network <mode>', 'Connect a container to a network (none, host)')
    .option('-v, --volume <volume>', 'Bind mount a volume into the container', collect)
    .helpOption('--help', 'Help for run')
    .action(async (image: string, command: string[], flags: RunFlags) => {
      const options: ContainerRunOptions = {
        image,
        command,
        remove: flags.rm ?? false,
        detach: flags.detach ?? false,
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
      const report = await withEngine(globals, (engine) => engine.containers.run(options));
      if (options.detach) process.stdout.write(`${report.id}\n`);
      else process.exitCode = report.exitCode ?? 0;
    });
}
