// The local ContainerApi: resolves references and applies podman's policy, then calls engine/.
import type { ContainerApi } from '../engine.ts';
import type { ContainerCreateReporter, ContainerRunOptions } from '../container-reports.ts';
import type { PullPolicy } from '../image-reports.ts';
import type { EngineContext } from '../../engine/engine-context.ts';
import type { ContainerConfig, NetworkMode } from '../../engine/container-model.ts';
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
import { BerthError, isBerthError } from '../../lib/berth-error.ts';
import { parseDetachKeys } from '../../lib/detach-keys.ts';
import { checkVolumes } from '../../engine/container-volumes.ts';
import { selectNetworks } from '../../engine/network-verbs.ts';
import { resolveContainerId, resolveImage } from './resolve-refs.ts';
import {
  assignPortBindings,
  createContainer,
  requestedPortBindings,
} from '../../engine/container-create.ts';
import { moreContainerVerbs, runExtras } from './local-container-extras.ts';
import { forEachTarget, selectSummaries, targets } from './container-verbs.ts';
import { localContainerExec } from './local-container-exec.ts';
import { generateSystemd, missingUnitTarget } from '../../engine/container-generate-systemd.ts';

export function localContainers(ctx: EngineContext): ContainerApi {
  return {
    run: async (runOptions, io, reporter) => {
      checkVolumes(runOptions.volumes);
      await replaceNamed(ctx, runOptions);
      const detachKeys =
        runOptions.detachKeys === undefined ? undefined : parseDetachKeys(runOptions.detachKeys);
      const image = resolveImage(ctx, runOptions.image);
      const request = {
        image,
        config: await containerConfig(ctx, runOptions, image, reporter),
        detach: runOptions.detach,
        ...(detachKeys !== undefined ? { detachKeys } : {}),
      };
      return runContainer(
        ctx,
        runOptions.name === undefined ? request : { ...request, name: runOptions.name },
        io,
      );
    },
    create: async (runOptions, reporter) => {
      checkVolumes(runOptions.volumes);
      await replaceNamed(ctx, runOptions);
      const image = resolveImage(ctx, runOptions.image);
      const config = await containerConfig(ctx, runOptions, image, reporter);
      return { id: await createContainer(ctx, image, config, runOptions.name) };
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
    generateSystemd: async (options) => {
      let id: string;
      try {
        id = resolveContainerId(ctx, options.ref);
      } catch (error) {
        if (isBerthError(error) && error.code === 'NO_SUCH_CONTAINER')
          throw missingUnitTarget(options.ref);
        throw error;
      }
      return generateSystemd(ctx, id, options);
    },
    stop: (options) =>
      forEachTarget(ctx, options, (id) => stopContainer(ctx, id, options.timeoutSeconds)),
    kill: (options) => forEachTarget(ctx, options, (id) => killContainer(ctx, id, options.signal)),
    remove: (options) =>
      forEachTarget(ctx, options, (id) =>
        removeContainer(ctx, id, options.force, options.timeoutSeconds),
      ),
    start: (options, io) => {
      const chosen = targets(ctx, options);
      if (options.attach && chosen.length > 1) {
        throw new BerthError('USAGE', 'you cannot start and attach multiple containers at once');
      }
      const streams =
        options.attach && io
          ? {
              stdout: io.stdout,
              stderr: io.stderr,
              ...(options.interactive && io.stdin ? { stdin: io.stdin } : {}),
            }
          : undefined;
      return forEachTarget(
        ctx,
        options,
        async (id) => (await startExisting(ctx, id, streams)).exitCode,
      );
    },
    logs: async (options, emit, context = {}) => {
      const chosen = targets(ctx, { refs: options.refs, all: false, latest: options.latest });
      const failed = chosen.find((target) => target.error);
      if (failed?.error) throw BerthError.fromData(failed.error);
      await Promise.all(
        chosen.map((target) => {
          const id = target.id ?? '';
          const name = ctx.state.containers.get(id)?.name ?? id;
          const read = {
            tail: options.tail,
            follow: options.follow,
            ...(context.signal ? { signal: context.signal } : {}),
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

/** --replace: podman removes (forced, stopped first) an existing container of that name. */
async function replaceNamed(ctx: EngineContext, options: ContainerRunOptions): Promise<void> {
  if (!options.replace) return;
  if (options.name === undefined)
    throw new BerthError('INVALID_ARGUMENT', 'cannot replace container without --name being set');
  const existing = ctx.state.containers.getByName(options.name);
  if (existing) await removeContainer(ctx, existing.id, true, undefined);
}

async function containerConfig(
  ctx: EngineContext,
  options: ContainerRunOptions,
  image: { config: unknown },
  reporter: ContainerCreateReporter = () => undefined,
): Promise<ContainerConfig> {
  // podman's default: the default bridge network (`bridge`, or its name, `berth` unless configured).
  const network = selectNetworks(ctx, options.network);
  checkNetworkFlags(network.mode, options.networkFlags);
  const ports = await portBindings(ctx, options, image.config, network.mode === 'bridge', reporter);
  const config: ContainerConfig = {
    imageName: options.image,
    command: options.command,
    env: options.env,
    tty: options.tty,
    interactive: options.interactive,
    autoRemove: options.remove,
    network,
    ...(options.networkFlags && Object.keys(options.networkFlags).length > 0
      ? { netOptions: options.networkFlags }
      : {}),
    volumes: options.volumes,
    ...(ports.length > 0 ? { ports } : {}),
    ...(options.publishAll ? { publishAll: true } : {}),
    ...(options.createCommand ? { createCommand: options.createCommand } : {}),
  };
  const extra = runExtras(options.flags, options.remove);
  if (extra) config.extra = extra;
  if (options.entrypoint !== undefined) config.entrypoint = options.entrypoint;
  if (options.workdir !== undefined) config.workdir = options.workdir;
  if (options.hostname !== undefined) config.hostname = options.hostname;
  if (options.user !== undefined) config.user = options.user;
  return config;
}

/**
 * -p and -P, decided here once: parsed (bad specs refused in any mode), then, on a bridge,
 * host ports assigned; outside bridge mode podman discards them with a warning and runs anyway.
 */
async function portBindings(
  ctx: EngineContext,
  options: ContainerRunOptions,
  imageConfig: unknown,
  bridge: boolean,
  reporter: ContainerCreateReporter,
): Promise<NonNullable<ContainerConfig['ports']>> {
  const request = {
    publish: options.publish ?? [],
    expose: options.expose ?? [],
    publishAll: options.publishAll ?? false,
  };
  const requested = requestedPortBindings(request, imageConfig);
  if (!bridge) {
    if (request.publish.length > 0)
      reporter({
        kind: 'warning',
        message:
          'Port mappings have been discarded as one of the Host, Container, Pod, and None network modes are in use',
      });
    return [];
  }
  return requested.length > 0 ? assignPortBindings(ctx, requested) : [];
}

/**
 * run/create's --pull policy, decided once and before anything reads the image (the storage
 * layer reads its VOLUMEs): always and newer pull first, missing pulls when the image is not
 * local, never never pulls.
 */
export function withPullPolicy<T extends ContainerApi>(ctx: EngineContext, api: T): T {
  const ensure = async (options: ContainerRunOptions): Promise<void> => {
    const policy = options.pull ?? 'missing';
    if (!isPullPolicy(policy))
      throw new BerthError('INVALID_ARGUMENT', `invalid pull policy "${policy}"`);
    if (policy === 'never') return;
    if (policy === 'missing' && localImageExists(ctx, options.image)) return;
    const { pullImage } = await import('../../engine/image-pull.ts');
    await pullImage(ctx, { reference: options.image, allTags: false, policy: 'always' });
  };
  return {
    ...api,
    run: async (options, io, reporter) => {
      await ensure(options);
      return api.run(options, io, reporter);
    },
    create: async (options, reporter) => {
      await ensure(options);
      return api.create(options, reporter);
    },
  };
}

function isPullPolicy(value: string): value is PullPolicy {
  return ['always', 'missing', 'never', 'newer'].includes(value);
}

function localImageExists(ctx: EngineContext, ref: string): boolean {
  try {
    resolveImage(ctx, ref);
    return true;
  } catch (error) {
    if (isBerthError(error) && error.code === 'NO_SUCH_IMAGE') return false;
    throw error;
  }
}

/** podman's checks of network flags against the network mode (none, host, container:ID). */
function checkNetworkFlags(
  mode: NetworkMode['mode'],
  flags: ContainerRunOptions['networkFlags'],
): void {
  if (mode === 'bridge' || flags === undefined) return;
  for (const [key, flag] of [
    ['ip', '--ip'],
    ['mac', '--mac-address'],
    ['aliases', '--network-alias'],
  ] as const) {
    if (flags[key] !== undefined)
      throw new BerthError(
        'INVALID_ARGUMENT',
        `${flag} can only be set when the network mode is bridge: invalid argument`,
      );
  }
  if (
    mode !== 'host' &&
    (flags.dns !== undefined || flags.dnsSearch !== undefined || flags.dnsOptions !== undefined)
  ) {
    throw new BerthError(
      'INVALID_ARGUMENT',
      `conflicting options: dns and the network mode: ${mode}`,
    );
  }
}
