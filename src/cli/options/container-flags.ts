// The flags run and create share, declared once, and the options they turn into.
import type { BerthCommand } from '../berth-command.ts';
import { collect } from '../berth-command.ts';
import { basename } from 'node:path';
import type { ContainerCreateEvent, ContainerRunOptions } from '../../domain/container-reports.ts';
import { applyRunFlags, declareRunFlags, type ExtraRunFlags } from './run-flags.ts';

export interface ContainerFlags extends ExtraRunFlags {
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
  mount?: string[];
  volumesFrom?: string[];
  publish?: string[];
  publishAll?: boolean;
  expose?: string[];
}

/** podman's grammar for run/create: options before IMAGE, the container's command after it. */
export function declareContainerFlags(command: BerthCommand): BerthCommand {
  return declareRunFlags(command)
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
    .option(
      '--network <mode>',
      'Connect a container to a network (bridge, none, host, or NAME[,NAME2]; default bridge)',
    )
    .option(
      '-p, --publish <port>',
      "Publish a container's port, or a range of ports, to the host",
      collect,
    )
    .option('-P, --publish-all', 'Publish all exposed ports to random ports on the host interface')
    .option('--expose <port>', 'Expose a port or a range of ports', collect)
    .option('-v, --volume <volume>', 'Bind mount a volume into the container', collect)
    .option(
      '--mount <mount>',
      'Attach a filesystem mount to the container (type=bind|volume|tmpfs,…)',
      collect,
    )
    .option(
      '--volumes-from <container>',
      'Mount volumes from the specified container(s)',
      collect,
    ) as BerthCommand;
}

/** The domain options for run/create from the parsed flags (reads --env-file and friends). */
export async function containerOptions(
  image: string,
  command: string[],
  flags: ContainerFlags,
  detach: boolean,
): Promise<ContainerRunOptions> {
  const options: ContainerRunOptions = {
    image,
    command,
    remove: flags.rm ?? false,
    detach,
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
  // Whether they apply (a bridge) is the engine's decision; it warns when it discards them.
  if (flags.publish !== undefined) options.publish = flags.publish;
  if (flags.publishAll) options.publishAll = true;
  if (flags.expose !== undefined) options.expose = flags.expose;
  if (flags.pull !== undefined) options.pull = flags.pull;
  options.createCommand = typedCommand();
  await applyRunFlags(options, flags);
  return options;
}

/** The command line as typed, under the name berth was run as (podman's CreateCommand: os.Args). */
function typedCommand(): string[] {
  return [basename(process.argv[1] ?? 'berth'), ...process.argv.slice(2)];
}

/** Prints run/create's warnings as podman does: the bare message on stderr, before any container output. */
export function printCreateEvent(event: ContainerCreateEvent): void {
  process.stderr.write(`${event.message}\n`);
}

/** --mount and --volumes-from, which run hands to the engine beside the run options. */
export function storageOptions(flags: ContainerFlags): {
  mounts?: string[];
  volumesFrom?: string[];
} {
  return {
    ...(flags.mount ? { mounts: flags.mount } : {}),
    ...(flags.volumesFrom ? { volumesFrom: flags.volumesFrom } : {}),
  };
}
