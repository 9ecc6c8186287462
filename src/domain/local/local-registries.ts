// The local RegistryApi: login/logout against registries (undici loads with it).
import type { RegistryApi } from '../engine.ts';
import type { EngineContext } from '../../engine/engine-context.ts';
import { loginRegistry, loginUsername, logoutRegistry } from '../../engine/registry-login.ts';

export function localRegistries(ctx: EngineContext): RegistryApi {
  return {
    login: (options) => loginRegistry(ctx, options),
    logout: (options) => logoutRegistry(ctx, options),
    loginUsername: async (options) => loginUsername(ctx, options),
  };
}
