// The local ContainerApi: resolves references and applies podman's policy, then calls engine/.
import type { ContainerApi } from '../engine.ts';
import type { ContainerRunOptions } from '../container-reports.ts';
import type { EngineContext } from '../../engine/engine-context.ts';
import type { ContainerConfig } from '../../engine/container-model.ts';
import { runContainer } from '../../engine/container-run.ts';
import { cleanupContainer } from '../../engine/container-cleanup.ts';
import { listContainers } from '../../engine/container-list.ts';
import {
  killContainer,
  removeContainer,
  startExisting,
  stopContainer,
} from '../../engine/container-lifecycle.ts';
import { readContainerLogs } from '../../engine/container-logs.ts';
import { withSizes } from '../../engine/container-list.ts';
import { inspectContainer } from '../../engine/container-inspect.ts';
import { BerthError } from '../../lib/berth-error.ts';
import { checkVolumes } from '../../engine/container-volumes.ts';
import { parsePublish } from '../../engine/container-network.ts';
import { selectNetworks } from '../../engine/network-verbs.ts';
import { resolveImage } from './resolve-refs.ts';
import { createContainer } from '../../engine/container-create.ts';
import { moreContainerVerbs, runExtras } from './local-container-extras.ts';
import { forEachTarget, selectSummaries, targets } from './container-verbs.ts';
import { localContainerExec } from './local-container-exec.ts';

export function localContainers(ctx: EngineContext): ContainerApi {
  return {
    run: async (runOptions) => {
      checkVolumes(runOptions.volumes);
      const image = resolveImage(ctx, runOptions.image);
      const request = {
        image,
        config: containerConfig(runOptions, ctx),
        detach: runOptions.detach,
        sigProxy: runOptions.sigProxy ?? true,
        ...(runOptions.detachKeys !== undefined ? { detachKeys: runOptions.detachKeys } : {}),
      };
      return runContainer(
        ctx,
        runOptions.name === undefined ? request : { ...request, name: runOptions.name },
      );
    },
    create: async (runOptions) => {
      checkVolumes(runOptions.volumes);
      const image = resolveImage(ctx, runOptions.image);
      return {
        id: await createContainer(ctx, image, containerConfig(runOptions, ctx), runOptions.name),
      };
    },
    ...moreContainerVerbs(ctx),
    cleanup: async (ref, runId) => {
      const record = ctx.state.containers.get(ref) ?? ctx.state.containers.getByName(ref);
      if (record) await cleanupContainer(ctx, record.id, runId);
    },
    list: async (options) => {
      const selected = selectSummaries(await listContainers(ctx), options);
      return options.size ? withSizes(ctx, selected) : selected;
    },
    ...localContainerExec(ctx),
    stop: (options) =>
      forEachTarget(ctx, options, (id) => stopContainer(ctx, id, options.timeoutSeconds)),
    kill: (options) => forEachTarget(ctx, options, (id) => killContainer(ctx, id, options.signal)),
    remove: (options) =>
      forEachTarget(ctx, options, (id) =>
        removeContainer(ctx, id, options.force, options.timeoutSeconds),
      ),
    start: (options) => {
      const chosen = targets(ctx, options);
      if (options.attach && chosen.length > 1) {
        throw new BerthError('USAGE', 'you cannot start and attach multiple containers at once');
      }
      const streams = options.attach
        ? {
            stdout: process.stdout,
            stderr: process.stderr,
            ...(options.interactive ? { stdin: process.stdin } : {}),
          }
        : undefined;
      return forEachTarget(
        ctx,
        options,
        async (id) => (await startExisting(ctx, id, streams)).exitCode,
      );
    },
    logs: async (options, emit) => {
      const chosen = targets(ctx, { refs: options.refs, all: false, latest: options.latest });
      const failed = chosen.find((target) => target.error);
      if (failed?.error) throw failed.error;
      await Promise.all(
        chosen.map((target) => {
          const id = target.id ?? '';
          const name = ctx.state.containers.get(id)?.name ?? id;
          const read = {
            tail: options.tail,
            follow: options.follow,
            ...(options.sinceMs !== undefined ? { sinceMs: options.sinceMs } : {}),
            ...(options.untilMs !== undefined ? { untilMs: options.untilMs } : {}),
          };
          return readContainerLogs(ctx, id, name, read, emit);
        }),
      );
    },
    inspect: async (refs, latest) => {
      const chosen = targets(ctx, { refs, all: false, latest });
      const data = [];
      for (const target of chosen) if (target.id) data.push(await inspectContainer(ctx, target.id));
      return { data, errors: chosen.filter((target) => target.error) };
    },
  };
}

function containerConfig(options: ContainerRunOptions, ctx: EngineContext): ContainerConfig {
  // podman's default: the default bridge network (`bridge`, or its name, `berth` unless configured).
  const { network, networks, networkContainer } = selectNetworks(ctx, options.network);
  for (const spec of options.publish ?? []) parsePublish(spec);
  if (network !== 'bridge' && (options.publish ?? []).length > 0) {
    throw new BerthError('INVALID_ARGUMENT', 'port bindings need a bridge network; the network mode is ' + (networkContainer ? 'container' : network));
  }
  checkNetworkFlags(networkContainer ? 'container' : network, options.networkFlags);
  const config: ContainerConfig = {
    imageName: options.image,
    command: options.command,
    env: options.env,
    tty: options.tty,
    interactive: options.interactive,
    autoRemove: options.remove,
    network,
    ...(networks ? { networks } : {}),
    ...(networkContainer ? { networkContainer } : {}),
    ...(options.networkFlags && Object.keys(options.networkFlags).length > 0 ? { netOptions: options.networkFlags } : {}),
    volumes: options.volumes,
    ...(options.publish && options.publish.length > 0 ? { publish: options.publish } : {}),
  };
  const extra = runExtras(options.flags, options.remove);
  if (extra) config.extra = extra;
  if (options.entrypoint !== undefined) config.entrypoint = options.entrypoint;
  if (options.workdir !== undefined) config.workdir = options.workdir;
  if (options.hostname !== undefined) config.hostname = options.hostname;
  if (options.user !== undefined) config.user = options.user;
  return config;
}

/** podman's checks of network flags against the network mode (none, host, container:ID). */
function checkNetworkFlags(mode: string, flags: ContainerRunOptions['networkFlags']): void {
  if (mode === 'bridge' || flags === undefined) return;
  for (const [key, flag] of [['ip', '--ip'], ['mac', '--mac-address'], ['aliases', '--network-alias']] as const) {
    if (flags[key] !== undefined) throw new BerthError('INVALID_ARGUMENT', `${flag} can only be set when the network mode is bridge: invalid argument`);
  }
  if (mode !== 'host' && (flags.dns !== undefined || flags.dnsSearch !== undefined || flags.dnsOptions !== undefined)) {
    throw new BerthError('INVALID_ARGUMENT', `conflicting options: dns and the network mode: ${mode}`);
  }
}
