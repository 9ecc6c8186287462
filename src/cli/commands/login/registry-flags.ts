// Flags shared by login, logout and search: --authfile, --cert-dir and pflag-style boolean
// --tls-verify[=BOOL] (a bare flag means true).
import { Option } from 'commander';
import { usage } from '../../berth-command.ts';

export interface RegistryFlags {
  authfile?: string;
  certDir?: string;
  tlsVerify?: boolean;
}

export function parseBoolFlag(flag: string): (value: string | undefined) => boolean {
  return (value) => {
    if (value === undefined || ['1', 't', 'T', 'true', 'TRUE', 'True'].includes(value)) return true;
    if (['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(value)) return false;
    throw usage(
      `invalid argument "${value}" for "--${flag}" flag: strconv.ParseBool: parsing "${value}": invalid syntax`,
    );
  };
}

export function tlsVerifyOption(): Option {
  return new Option(
    '--tls-verify [bool]',
    'Require HTTPS and verify certificates when contacting registries (default true)',
  ).argParser(parseBoolFlag('tls-verify'));
}

export function authfileOption(): Option {
  return new Option(
    '--authfile <path>',
    'Path of the authentication file. Use REGISTRY_AUTH_FILE environment variable to override',
  );
}

export function certDirOption(): Option {
  return new Option(
    '--cert-dir <path>',
    'Use certificates at the specified path to access the registry',
  );
}

/** The engine's connect options from the parsed flags (only those the user gave). */
export function connectOptions(flags: RegistryFlags): {
  authFile?: string;
  certDir?: string;
  tlsVerify?: boolean;
} {
  const options: { authFile?: string; certDir?: string; tlsVerify?: boolean } = {};
  if (flags.authfile !== undefined) options.authFile = flags.authfile;
  if (flags.certDir !== undefined) options.certDir = flags.certDir;
  if (flags.tlsVerify !== undefined) options.tlsVerify = flags.tlsVerify;
  return options;
}
