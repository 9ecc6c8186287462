// `berth exec` / `container exec`: podman's grammar — options before CONTAINER are berth's, the
// rest is the command; exits with the command's status (126/127 when it cannot run). -d prints
// the exec session's id, as podman does.
import type { BerthCommand } from '../../berth-command.ts';
import { collect, usage } from '../../berth-command.ts';
import { withEngine, type GlobalsReader } from '../../with-engine.ts';
import { parseDetachKeys } from '../../../lib/detach-keys.ts';
import { terminalStreams } from '../../terminal-streams.ts';

interface ExecFlags {
  interactive?: boolean;
  tty?: boolean;
  detach?: boolean;
  detachKeys?: string;
  env?: string[];
  user?: string;
  workdir?: string;
  latest?: boolean;
  privileged?: boolean;
}

export function registerExec(parent: BerthCommand, globals: GlobalsReader): void {
  parent
    .command('exec')
    .description('Run a process in a running container')
    .usage('[options] CONTAINER COMMAND [ARG...]')
    .argument('[container]')
    .argument('[command...]')
    .passThroughOptions()
    .option('-i, --interactive', 'Keep STDIN open even if not attached')
    .option('-t, --tty', 'Allocate a pseudo-TTY')
    .option('-d, --detach', 'Run the exec session in detached mode (backgrounded)')
    .option(
      '--detach-keys <keys>',
      'Select the key sequence for detaching a container. Format is a single character [a-Z] or ctrl-<value> where <value> is one of: a-z, @, ^, [, , or _',
    )
    .option('-e, --env <env>', 'Set environment variables', collect)
    .option(
      '-u, --user <user>',
      'Sets the username or UID used and optionally the groupname or GID for the specified command',
    )
    .option('-w, --workdir <dir>', 'Working directory inside the container')
    .option('-l, --latest', 'Act on the latest container berth is aware of')
    .option('--privileged', 'Give the process extended Linux capabilities inside the container')
    .helpOption('--help', 'Help for exec')
    .action(async (container: string | undefined, command: string[], flags: ExecFlags) => {
      const latest = flags.latest ?? false;
      const args = latest && container !== undefined ? [container, ...command] : command;
      if ((!latest && container === undefined) || args.length === 0)
        throw usage('exec requires the name or ID of a container or the --latest flag');
      const tty = flags.tty ?? false;
      const interactive = flags.interactive ?? false;
      const detach = flags.detach ?? false;
      const detachKeys = parseDetachKeys(flags.detachKeys ?? 'ctrl-p,ctrl-q');
      const options = {
        ...(latest || container === undefined ? {} : { ref: container }),
        latest,
        command: args,
        tty,
        interactive,
        detach,
        env: flags.env ?? [],
        privileged: flags.privileged ?? false,
        ...(flags.user !== undefined ? { user: flags.user } : {}),
        ...(flags.workdir !== undefined ? { workdir: flags.workdir } : {}),
      };
      const report = await withEngine(globals, async (engine) => {
        const terminal = terminalStreams({ tty, interactive: interactive && !detach, detachKeys });
        try {
          return await engine.containers.exec(options, terminal.streams);
        } finally {
          terminal.restore();
        }
      });
      if (detach) process.stdout.write(`${report.sessionId}\n`);
      process.exitCode = report.exitCode ?? 0;
    });
}
