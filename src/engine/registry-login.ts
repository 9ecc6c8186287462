// login / logout / login --get-login as podman does them: credentials are checked against the
// registry (GET /v2/) before anything is written; auth.json is changed only through auth-store.
import { BerthError, isBerthError } from '../lib/berth-error.ts';
import {
  findCredentials,
  normalizeAuthKey,
  removeAllCredentials,
  removeCredentials,
  storeCredentials,
  authLocations,
  type AuthStoreOptions,
} from '../image/auth-store.ts';
import { openRegistryClient } from '../image/registry/undici-registry-client.ts';
import type {
  LoginLookupOptions,
  LoginOptions,
  LoginReport,
  LogoutOptions,
  LogoutReport,
} from '../domain/registry-reports.ts';
import type { EngineContext } from './engine-context.ts';
import {
  clientOptions,
  defaultRegistry,
  homeDirOf,
  registriesConfig,
} from './registry-endpoint.ts';

export async function loginRegistry(
  ctx: EngineContext,
  options: LoginOptions,
): Promise<LoginReport> {
  const config = registriesConfig(ctx);
  const key = normalizeAuthKey(options.registry ?? defaultRegistry(config));
  const host = key.split('/')[0] ?? key;
  if (options.username === '') throw new BerthError('INVALID_ARGUMENT', 'username is required');
  if (options.password === '') throw new BerthError('INVALID_ARGUMENT', 'password is required');
  const credentials = { username: options.username, password: options.password };
  const client = openRegistryClient({ ...clientOptions(ctx, config, host, options), credentials });
  try {
    await client.ping();
  } catch (error) {
    if (isBerthError(error) && error.code === 'UNAUTHORIZED') {
      throw new BerthError('UNAUTHORIZED', `logging into "${key}": invalid username/password`, {
        cause: error,
      });
    }
    const message = error instanceof Error ? error.message : String(error);
    throw new BerthError(
      isBerthError(error) ? error.code : 'REGISTRY_ERROR',
      `authenticating creds for "${key}": ${message}`,
      { cause: error },
    );
  } finally {
    await client.close();
  }
  const authFile = await storeCredentials(storeOptions(ctx, options.authFile), key, credentials);
  return { registry: key, authFile };
}

export async function logoutRegistry(
  ctx: EngineContext,
  options: LogoutOptions,
): Promise<LogoutReport> {
  const store = storeOptions(ctx, options.authFile);
  if (options.all) {
    await removeAllCredentials(store);
    return { registry: undefined };
  }
  const key = normalizeAuthKey(options.registry ?? defaultRegistry(registriesConfig(ctx)));
  await removeCredentials(store, key);
  return { registry: key };
}

/** --get-login: the username stored for the registry. */
export function loginUsername(ctx: EngineContext, options: LoginLookupOptions): string {
  const key = normalizeAuthKey(options.registry ?? defaultRegistry(registriesConfig(ctx)));
  const found = findCredentials(storeOptions(ctx, options.authFile), key);
  if (found === undefined || found.key !== key)
    throw new BerthError('NOT_LOGGED_IN', `not logged into ${key}`);
  return found.username;
}

/** The auth file login writes (for messages and tests). */
export function primaryAuthFile(ctx: EngineContext, authFile?: string): string | undefined {
  return authLocations(storeOptions(ctx, authFile)).primary;
}

function storeOptions(ctx: EngineContext, authFile: string | undefined): AuthStoreOptions {
  return {
    env: ctx.options.env,
    homeDir: homeDirOf(ctx),
    ...(authFile === undefined ? {} : { authFile }),
  };
}
