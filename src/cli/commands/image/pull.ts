// `berth pull` / `berth image pull`: podman's flags; progress on stderr (bars on a TTY, lines
// otherwise, nothing with -q), then each pulled image's ID on stdout.
import { Option } from 'commander';
import { usage, type BerthCommand } from '../../berth-command.ts';
import { withEngine, type GlobalsReader } from '../../with-engine.ts';
import type { ImagePullOptions, PullPolicy } from '../../../domain/image-reports.ts';
import {
  authfileOption,
  certDirOption,
  connectOptions,
  tlsVerifyOption,
  type RegistryFlags,
} from '../login/registry-flags.ts';

interface PullFlags extends RegistryFlags {
  allTags?: boolean;
  arch?: string;
  os?: string;
  variant?: string;
  platform?: string;
  creds?: string;
  policy: string;
  quiet?: boolean;
  signaturePolicy?: string;
}

const policies: readonly PullPolicy[] = ['always', 'missing', 'never', 'newer'];

export function registerPull(parent: BerthCommand, globals: GlobalsReader): void {
  parent
    .command('pull')
    .description('Pull an image from a registry')
    .usage('[options] IMAGE [IMAGE...]')
    .argument('<images...>')
    .option('-a, --all-tags', 'All tagged images in the repository will be pulled')
    .option(
      '--arch <arch>',
      'Use ARCH instead of the architecture of the machine for choosing images',
    )
    .option('--os <os>', 'Use OS instead of the running OS for choosing images')
    .option(
      '--variant <variant>',
      'Use VARIANT instead of the running architecture variant for choosing images',
    )
    .option(
      '--platform <platform>',
      'Specify the platform for selecting the image.  (Conflicts with arch and os)',
    )
    .option(
      '--creds <credentials>',
      'Credentials (USERNAME:PASSWORD) to use for authenticating to a registry',
    )
    .addOption(new Option('--policy <policy>', 'Pull image policy').default('always'))
    .option('-q, --quiet', 'Suppress output information when pulling images')
    .option(
      '--signature-policy <pathname>',
      '`Pathname` of signature policy file (not usually used)',
    )
    .addOption(authfileOption())
    .addOption(certDirOption())
    .addOption(tlsVerifyOption())
    .action(async (images: string[], flags: PullFlags) => {
      const base = pullOptions(flags);
      const { pullProgressReporter } = await import('../../output/progress.ts');
      const reporter = flags.quiet ? () => undefined : pullProgressReporter(process.stderr);
      await withEngine(globals, async (engine) => {
        for (const reference of images) {
          const report = await engine.images.pull({ ...base, reference }, reporter);
          for (const image of report.images) process.stdout.write(`${image.id}\n`);
        }
      });
    });
}

function pullOptions(flags: PullFlags): Omit<ImagePullOptions, 'reference'> {
  if (!(policies as readonly string[]).includes(flags.policy)) {
    throw usage(`unsupported pull policy "${flags.policy}"`);
  }
  const options: Omit<ImagePullOptions, 'reference'> = {
    allTags: flags.allTags ?? false,
    policy: flags.policy as PullPolicy,
    ...connectOptions(flags),
  };
  if (flags.creds !== undefined) options.credentials = parseCreds(flags.creds);
  if (flags.signaturePolicy !== undefined) options.signaturePolicy = flags.signaturePolicy;
  const platform = platformOf(flags);
  if (platform !== undefined) options.platform = platform;
  return options;
}

function parseCreds(creds: string): { username: string; password: string } {
  const colon = creds.indexOf(':');
  const username = colon === -1 ? creds : creds.slice(0, colon);
  if (username === '') throw usage("username can't be empty");
  if (colon === -1)
    throw usage('--creds needs USERNAME:PASSWORD (berth does not prompt for the password here)');
  return { username, password: creds.slice(colon + 1) };
}

function platformOf(flags: PullFlags): ImagePullOptions['platform'] {
  if (flags.platform !== undefined) {
    if (flags.arch !== undefined || flags.os !== undefined)
      throw usage('--platform option can not be specified with --arch or --os');
    const [os, architecture, variant, extra] = flags.platform.split('/');
    if (!os || !architecture || extra !== undefined)
      throw usage(
        `invalid platform syntax for --platform="${flags.platform}": use OS/ARCH[/VARIANT]`,
      );
    return variant ? { os, architecture, variant } : { os, architecture };
  }
  if (flags.arch === undefined && flags.os === undefined && flags.variant === undefined)
    return undefined;
  const platform: NonNullable<ImagePullOptions['platform']> = {};
  if (flags.os !== undefined) platform.os = flags.os;
  if (flags.arch !== undefined) platform.architecture = flags.arch;
  if (flags.variant !== undefined) platform.variant = flags.variant;
  return platform;
}
