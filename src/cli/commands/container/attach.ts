// `berth attach` / `container attach`: joins a running container's output (and stdin unless
// --no-stdin); detaching with the detach keys leaves it running; else exits with its status.
import type { BerthCommand } from '../../berth-command.ts';
import { withEngine, type GlobalsReader } from '../../with-engine.ts';
import { attachSession } from '../../attach-session.ts';

interface AttachFlags {
  noStdin?: boolean;
  stdin?: boolean;
  detachKeys?: string;
  latest?: boolean;
  sigProxy?: boolean;
}

export function registerAttach(parent: BerthCommand, globals: GlobalsReader): void {
  parent
    .command('attach')
    .description('Attach to a running container')
    .usage('[options] CONTAINER')
    .argument('[container]')
    .option('--no-stdin', 'Do not attach STDIN. The default is false')
    .option(
      '--detach-keys <keys>',
      'Select the key sequence for detaching a container. Format is a single character [a-Z] or ctrl-<value>',
      'ctrl-p,ctrl-q',
    )
    .option(
      '--sig-proxy [bool]',
      'Proxy received signals to the container process (accepted; signals reach the container through its tty)',
    )
    .option('-l, --latest', 'Act on the latest container berth is aware of')
    .action(async (ref: string | undefined, flags: AttachFlags) => {
      const noStdin = flags.noStdin === true || flags.stdin === false;
      const exitCode = await withEngine(globals, async (engine) => {
        using session = attachSession(engine, {
          stdin: !noStdin,
          terminal: !noStdin,
          sigProxy: false,
        });
        return await engine.containers.attach(
          {
            latest: flags.latest ?? false,
            noStdin,
            detachKeys: flags.detachKeys ?? 'ctrl-p,ctrl-q',
            ...(ref !== undefined ? { ref } : {}),
          },
          session.io,
        );
      });
      if (exitCode !== undefined) process.exitCode = exitCode;
    });
}
