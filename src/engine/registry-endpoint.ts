// Which registry a login/logout/search talks to and how (the registries.conf `insecure` flag,
// --tls-verify, --cert-dir, --authfile): builds the RegistryClient options. No network I/O.
import { homedir } from 'node:os';
import { loadRegistriesConfig, type RegistriesConfig } from '../config/registries-conf.ts';
import { findRegistry } from '../config/registry-match.ts';
import { BerthError } from '../lib/berth-error.ts';
import type { RegistryClientOptions } from '../image/registry/registry-client.ts';
import type { EngineContext } from './engine-context.ts';

export interface EndpointFlags {
  authFile?: string;
  tlsVerify?: boolean;
  certDir?: string;
}

export function registriesConfig(ctx: EngineContext): RegistriesConfig {
  return loadRegistriesConfig({
    env: ctx.options.env,
    rootless: ctx.paths.rootless,
    homeDir: homeDirOf(ctx),
  });
}

export function homeDirOf(ctx: EngineContext): string {
  return ctx.options.env['HOME'] ?? homedir();
}

/** The registry to use when the user named none: the first unqualified-search registry. */
export function defaultRegistry(config: RegistriesConfig): string {
  const first = config.unqualifiedSearchRegistries[0];
  if (first === undefined) {
    throw new BerthError(
      'INVALID_ARGUMENT',
      'no registries found in registries.conf, a registry must be provided',
    );
  }
  return first;
}

export function clientOptions(
  ctx: EngineContext,
  config: RegistriesConfig,
  host: string,
  flags: EndpointFlags,
): RegistryClientOptions {
  const entry = findRegistry(config, host);
  if (entry?.blocked)
    throw new BerthError('POLICY_DENIED', `registry ${host} is blocked in registries.conf`);
  const insecure = flags.tlsVerify === undefined ? (entry?.insecure ?? false) : !flags.tlsVerify;
  const options: RegistryClientOptions = {
    host,
    insecure,
    env: ctx.options.env,
    homeDir: homeDirOf(ctx),
  };
  if (flags.authFile !== undefined) options.authFile = flags.authFile;
  if (flags.certDir !== undefined) options.certDir = flags.certDir;
  return options;
}
