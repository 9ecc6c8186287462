// `berth push` / `berth image push`: podman's flags; progress lines on stderr (nothing with -q);
// --digestfile gets the manifest digest.
import { writeFile } from 'node:fs/promises';
import { Option } from 'commander';
import { usage, type BerthCommand } from '../../berth-command.ts';
import { withEngine, type GlobalsReader } from '../../with-engine.ts';
import type { ImagePushEvent, ImagePushOptions } from '../../../domain/image-reports.ts';
import {
  authfileOption,
  certDirOption,
  connectOptions,
  tlsVerifyOption,
  type RegistryFlags,
} from '../login/registry-flags.ts';

interface PushFlags extends RegistryFlags {
  creds?: string;
  quiet?: boolean;
  format?: string;
  compressionFormat?: string;
  digestfile?: string;
}

export function registerPush(parent: BerthCommand, globals: GlobalsReader): void {
  parent
    .command('push')
    .description('Push an image to a specified destination')
    .usage('[options] IMAGE [DESTINATION]')
    .argument('<image>')
    .argument('[destination]')
    .option(
      '--creds <credentials>',
      'Credentials (USERNAME:PASSWORD) to use for authenticating to a registry',
    )
    .option('-q, --quiet', 'Suppress output information when pushing images')
    .addOption(
      new Option('-f, --format <format>', 'Manifest type (oci, v2s2) to use in the destination'),
    )
    .addOption(
      new Option('--compression-format <format>', 'compression format to use').default('gzip'),
    )
    .option('--digestfile <file>', 'Write the digest of the pushed image to the specified file')
    .addOption(authfileOption())
    .addOption(certDirOption())
    .addOption(tlsVerifyOption())
    .action(async (image: string, destination: string | undefined, flags: PushFlags) => {
      const options = pushOptions(image, destination, flags);
      const reporter = flags.quiet
        ? () => undefined
        : (event: ImagePushEvent) => {
            const line = pushLine(event);
            if (line !== undefined) process.stderr.write(`${line}\n`);
          };
      const report = await withEngine(globals, (engine) => engine.images.push(options, reporter));
      if (flags.digestfile !== undefined) await writeFile(flags.digestfile, report.manifestDigest);
    });
}

function pushOptions(
  image: string,
  destination: string | undefined,
  flags: PushFlags,
): ImagePushOptions {
  const options: ImagePushOptions = { source: image, ...connectOptions(flags) };
  if (destination !== undefined) options.destination = destination;
  if (flags.format !== undefined) {
    if (flags.format === 'oci' || flags.format === 'v2s2') options.format = flags.format;
    else if (flags.format === 'docker') options.format = 'v2s2';
    else throw usage(`unsupported format "${flags.format}": use oci or v2s2`);
  }
  if (flags.compressionFormat !== undefined && flags.compressionFormat !== 'gzip')
    throw usage(
      `unsupported compression format "${flags.compressionFormat}": berth pushes gzip layers`,
    );
  if (flags.creds !== undefined) options.credentials = parseCredentials(flags.creds);
  return options;
}

/** `--creds USER:PASS`, split; berth does not prompt for the password. */
export function parseCredentials(creds: string): { username: string; password: string } {
  const colon = creds.indexOf(':');
  const username = colon === -1 ? creds : creds.slice(0, colon);
  if (username === '') throw usage("username can't be empty");
  if (colon === -1)
    throw usage('--creds needs USERNAME:PASSWORD (berth does not prompt for the password here)');
  return { username, password: creds.slice(colon + 1) };
}

/** containers/image's non-TTY lines for a push. */
export function pushLine(event: ImagePushEvent): string | undefined {
  switch (event.kind) {
    case 'signatures':
      return 'Getting image source signatures';
    case 'blob-skipped':
      return `Copying blob ${event.digest} skipped: already exists`;
    case 'blob-copying':
      return `Copying blob ${event.digest}`;
    case 'blob-done':
      return undefined;
    case 'config':
      return `Copying config ${event.digest}`;
    case 'writing-manifest':
      return 'Writing manifest to image destination';
  }
}
