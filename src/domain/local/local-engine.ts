// The local implementation of the domain Engine: resolves references (policy), then hands the
// work to the engine layer. One instance per CLI call; each API group loads on first use.
import type { Engine } from '../engine.ts';
import type { GlobalOptions } from '../global-options.ts';
import { localVersionReport } from '../../lib/version-report.ts';
import { EngineContext } from '../../engine/engine-context.ts';
import { checkBoot } from '../../engine/boot-check.ts';
import { log } from '../../lib/log.ts';
import { messageOf } from '../../lib/berth-error.ts';
import { lazyGroup } from './lazy-group.ts';

export async function openLocalEngine(options: GlobalOptions): Promise<Engine> {
  const ctx = await EngineContext.open(options);
  // After a reboot, containers recorded as running are not: record that (once per command)
  // before any command reads them. A recovery that fails must not make every command fail.
  await checkBoot(ctx).catch((error: unknown) =>
    log.warn(`checking the boot id: ${messageOf(error)}`),
  );
  return {
    system: {
      info: async () => (await import('../../engine/system-info.ts')).systemInfo(ctx),
      version: () => localVersionReport(),
      events: async (options, emit, signal) =>
        (await import('./local-events.ts')).localEvents(ctx, options, emit, signal),
    },
    images: lazyGroup(async () => (await import('./local-image-api.ts')).localImages(ctx)),
    registries: lazyGroup(async () => (await import('./local-registries.ts')).localRegistries(ctx)),
    containers: lazyGroup(async () => {
      const [{ localContainers, withPullPolicy }, { withContainerStorage }] = await Promise.all([
        import('./local-containers.ts'),
        import('./local-volumes.ts'),
      ]);
      return withPullPolicy(ctx, withContainerStorage(ctx, localContainers(ctx)));
    }),
    volumes: lazyGroup(async () => (await import('./local-volumes.ts')).localVolumes(ctx)),
    networks: lazyGroup(async () => (await import('./local-networks.ts')).localNetworks(ctx)),
    [Symbol.asyncDispose]: () => ctx[Symbol.asyncDispose](),
  };
}
