// `berth logout [REGISTRY]` and `logout -a`: removes entries from the auth file podman's login
// writes, with podman's messages.
import type { BerthCommand } from '../../berth-command.ts';
import { withEngine, type GlobalsReader } from '../../with-engine.ts';
import { authfileOption } from './registry-flags.ts';

interface LogoutFlags {
  all?: boolean;
  authfile?: string;
}

export function registerLogout(parent: BerthCommand, globals: GlobalsReader): void {
  parent
    .command('logout')
    .description('Log out of a container registry')
    .argument('[REGISTRY]')
    .option('-a, --all', 'Remove the cached credentials for all registries in the auth file')
    .addOption(authfileOption())
    .action(async (registry: string | undefined, flags: LogoutFlags) => {
      const options = {
        all: flags.all ?? false,
        ...(registry === undefined ? {} : { registry }),
        ...(flags.authfile === undefined ? {} : { authFile: flags.authfile }),
      };
      const report = await withEngine(globals, (engine) => engine.registries.logout(options));
      const what = report.registry === undefined ? 'all registries' : report.registry;
      process.stdout.write(`Removed login credentials for ${what}\n`);
    });
}
