// The flags run and create share, declared once, and the options they turn into.
import type { BerthCommand } from '../berth-command.ts';
import { collect } from '../berth-command.ts';
import type { ContainerRunOptions } from '../../domain/container-reports.ts';
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
    .option('--network <mode>', 'Connect a container to a network (bridge, none, host, or NAME[,NAME2]; default bridge)')
    .option('-p, --publish <port>', "Publish a container's port, or a range of ports, to the host", collect)
    .option('-v, --volume <volume>', 'Bind mount a volume into the container', collect)
    .option('--mount <mount>', 'Attach a filesystem mount to the container (type=bind|volume|tmpfs,…)', collect)
    .option('--volumes-from <container>', 'Mount volumes from the specified container(s)', collect) as BerthCommand;
}

/** The domain options for run/create from the parsed flags (reads --env-file and friends). */
export async function containerOptions(image: string, command: string[], flags: ContainerFlags, detach: boolean): Promise<ContainerRunOptions> {
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
  if (flags.publish !== undefined) {
    // podman drops -p where no bridge is joined and says so (the container still runs).
    if (flags.network !== undefined && /^(none|host|container:|ns:)/.test(flags.network)) {
      process.stderr.write('Port mappings have been discarded as one of the Host, Container, Pod, and None network modes are in use\n');
    } else options.publish = flags.publish;
  }
  await applyRunFlags(options, flags);
  return options;
}

/** --mount and --volumes-from, which run hands to the engine beside the run options. */
export function storageOptions(flags: ContainerFlags): { mounts?: string[]; volumesFrom?: string[] } {
  return { ...(flags.mount ? { mounts: flags.mount } : {}), ...(flags.volumesFrom ? { volumesFrom: flags.volumesFrom } : {}) };
}
