// `berth run` / `berth container run`: podman's grammar — options before IMAGE are berth's,
// everything after IMAGE is the container's command. Prints the ID for -d, else relays the
// container's stdio (raw mode for -t, --sig-proxy) and exits with the container's exit status.
import type { BerthCommand } from '../../berth-command.ts';
import { withEngine, type GlobalsReader } from '../../with-engine.ts';
import { attachSession } from '../../attach-session.ts';
import { writeCidFile } from '../../options/run-flags.ts';
import {
  containerOptions,
  declareContainerFlags,
  printCreateEvent,
  storageOptions,
  type ContainerFlags,
} from '../../options/container-flags.ts';

export function registerRun(parent: BerthCommand, globals: GlobalsReader): void {
  declareContainerFlags(parent.command('run'))
    .description('Run a command in a new container')
    .option('-d, --detach', 'Run container in background and print container ID')
    .helpOption('--help', 'Help for run')
    .action(
      async (image: string, command: string[], flags: ContainerFlags & { detach?: boolean }) => {
        const options = await containerOptions(image, command, flags, flags.detach ?? false);
        const storage = storageOptions(flags);
        // --sig-proxy defaults to true; `--sig-proxy=false` turns it off.
        const sigProxy = flags.sigProxy !== 'false' && flags.sigProxy !== false;
        const report = await withEngine(globals, async (engine) => {
          if (options.detach)
            return await engine.containers.run(
              { ...options, ...storage },
              undefined,
              printCreateEvent,
            );
          using session = attachSession(engine, {
            stdin: options.interactive,
            terminal: true,
            sigProxy,
          });
          // `return await`: the session (raw mode, signal handlers) ends after the run, not before.
          return await engine.containers.run(
            { ...options, ...storage },
            session.io,
            printCreateEvent,
          );
        });
        await writeCidFile(flags.cidfile, report.id);
        if (options.detach) process.stdout.write(`${report.id}\n`);
        else process.exitCode = report.exitCode ?? 0;
      },
    );
}
