// `berth login [REGISTRY]`: podman's flags; prompts for what is missing (the password without
// echo), lets the engine check the credentials against the registry, then prints Login Succeeded!
import type { BerthCommand } from '../../berth-command.ts';
import { usage } from '../../berth-command.ts';
import { withEngine, type GlobalsReader } from '../../with-engine.ts';
import {
  authfileOption,
  certDirOption,
  connectOptions,
  tlsVerifyOption,
  type RegistryFlags,
} from './registry-flags.ts';
import { promptLine, readAllStdin } from './credential-prompt.ts';

interface LoginFlags extends RegistryFlags {
  username?: string;
  password?: string;
  passwordStdin?: boolean;
  getLogin?: boolean;
}

export function registerLogin(parent: BerthCommand, globals: GlobalsReader): void {
  parent
    .command('login')
    .description('Log in to a container registry')
    .argument('[REGISTRY]')
    .option('-u, --username <username>', 'Username for registry')
    .option('-p, --password <password>', 'Password for registry')
    .option('--password-stdin', 'Take the password from stdin')
    .option('--get-login', 'Return the current login user for the registry')
    .addOption(authfileOption())
    .addOption(certDirOption())
    .addOption(tlsVerifyOption())
    .action(async (registry: string | undefined, flags: LoginFlags) => {
      const connect = connectOptions(flags);
      const target = registry === undefined ? {} : { registry };
      if (flags.getLogin) {
        const lookup = {
          ...target,
          ...(connect.authFile === undefined ? {} : { authFile: connect.authFile }),
        };
        const username = await withEngine(globals, (engine) =>
          engine.registries.loginUsername(lookup),
        );
        process.stdout.write(`${username}\n`);
        return;
      }
      const { username, password } = await credentials(flags);
      await withEngine(globals, (engine) =>
        engine.registries.login({ ...target, ...connect, username, password }),
      );
      process.stdout.write('Login Succeeded!\n');
    });
}

async function credentials(flags: LoginFlags): Promise<{ username: string; password: string }> {
  if (flags.password !== undefined && flags.passwordStdin) {
    throw usage('--password and --password-stdin are mutually exclusive');
  }
  if (flags.passwordStdin) {
    if (flags.username === undefined) throw usage('must provide --username with --password-stdin');
    return { username: flags.username, password: await readAllStdin() };
  }
  const username = flags.username ?? (await promptLine('Username: ', false)).trim();
  const password = flags.password ?? (await promptLine('Password: ', true));
  return { username, password };
}
