// `berth run` / `berth container run`: podman's grammar — options before IMAGE are berth's,
// everything after IMAGE is the container's command. Prints the ID for -d, else exits with
// the container's exit status.
import type { BerthCommand } from '../../berth-command.ts';
import { collect } from '../../berth-command.ts';
import { withEngine, type GlobalsReader } from '../../with-engine.ts';
import type { ContainerRunOptions } from '../../../domain/container-reports.ts';
import { applyRunFlags, declareRunFlags, withPull, writeCidFile, type ExtraRunFlags } from '../../options/run-flags.ts';

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
  mount?: string[];
  volumesFrom?: string[];
  publish?: string[];
}

export function registerRun(parent: BerthCommand, globals: GlobalsReader): void {
  declareRunFlags(parent.command('run'))
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
    .option('--network <mode>', 'Connect a container to a network (bridge, none, host, or NAME[,NAME2]; default bridge)')
    .option('-p, --publish <port>', 'Publish a container\'s port, or a range of ports, to the host', collect)
    .option('-v, --volume <volume>', 'Bind mount a volume into the container', collect)
    .option('--mount <mount>', 'Attach a filesystem mount to the container (type=bind|volume|tmpfs,…)', collect)
    .option('--volumes-from <container>', 'Mount volumes from the specified container(s)', collect)
    .helpOption('--help', 'Help for run')
    .action(async (image: string, command: string[], flags: RunFlags & ExtraRunFlags) => {
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
      if (flags.publish !== undefined) options.publish = flags.publish;
      const storage = { ...(flags.mount ? { mounts: flags.mount } : {}), ...(flags.volumesFrom ? { volumesFrom: flags.volumesFrom } : {}) };
      await applyRunFlags(options, flags);
      const report = await withEngine(globals, (engine) => withPull(engine, image, flags.pull, () => engine.containers.run({ ...options, ...storage })));
      await writeCidFile(flags.cidfile, report.id);
      if (options.detach) process.stdout.write(`${report.id}\n`);
      else process.exitCode = report.exitCode ?? 0;
    });
}
