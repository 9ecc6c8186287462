// The local ContainerMoreVerbs (wait, pause, restart, rename, top, port, attach, prune, exists)
// and the checking of run/create's extra flags: podman's policy, then engine/ does the work.
import { publishedPorts } from '../../engine/container-network.ts';
import type {
  ContainerMoreVerbs,
  ContainerRunFlags,
  ContainerStatsOptions,
} from '../container-reports.ts';
import type { EngineContext } from '../../engine/engine-context.ts';
import type { ContainerRunExtras, RestartPolicy } from '../../engine/container-model.ts';
import { BerthError, isBerthError, toErrorData } from '../../lib/berth-error.ts';
import { parseSignal } from '../../lib/parse-signal.ts';
import { parseDetachKeys } from '../../lib/detach-keys.ts';
import { waitForContainer } from '../../engine/container-wait.ts';
import { pauseContainer, unpauseContainer } from '../../engine/container-pause.ts';
import { restartContainer } from '../../engine/container-restart.ts';
import { renameContainer } from '../../engine/container-rename.ts';
import { topContainer } from '../../engine/container-top.ts';
import { attachContainer } from '../../engine/container-attach.ts';
import { pruneContainers } from '../../engine/container-prune.ts';
import { containerStats } from '../../engine/container-stats.ts';
import { syncedContainers } from '../../engine/container-state.ts';
import { forEachTarget, targets, type TargetOptions } from './container-verbs.ts';
import { resolveContainerId } from './resolve-refs.ts';

export function moreContainerVerbs(
  ctx: EngineContext,
): Omit<ContainerMoreVerbs, 'create' | 'generateSystemd'> {
  const one = (ref: string | undefined, latest: boolean): string => {
    const [target] = targets(ctx, { refs: ref === undefined ? [] : [ref], all: false, latest });
    if (!target?.id)
      throw target?.error
        ? BerthError.fromData(target.error)
        : new BerthError('NO_SUCH_CONTAINER', 'no such container');
    return target.id;
  };
  return {
    wait: (options) =>
      forEachTarget(
        ctx,
        { refs: options.refs, all: false, latest: options.latest, ignore: options.ignore },
        (id) => waitForContainer(ctx, id, options.conditions, options.intervalMs),
      ),
    pause: async (options) =>
      each(ctx, narrowAll(ctx, options, ['running']), (id) => pauseContainer(ctx, id)),
    unpause: async (options) =>
      each(ctx, narrowAll(ctx, options, ['paused']), (id) => unpauseContainer(ctx, id)),
    restart: async (options) =>
      each(ctx, narrowAll(ctx, options, options.running ? ['running'] : undefined), (id) =>
        restartContainer(ctx, id, options.timeoutSeconds),
      ),
    rename: async (ref, name) => renameContainer(ctx, resolveContainerId(ctx, ref), name),
    top: (ref, latest, descriptors) => topContainer(ctx, one(ref, latest), descriptors),
    port: async (options) => {
      const chosen = targets(ctx, options);
      const failed = chosen.find((target) => target.error);
      if (failed?.error) throw BerthError.fromData(failed.error);
      const all = options.all ?? false;
      return chosen
        .map((target) => ({
          id: target.id ?? target.ref,
          ports: target.id ? publishedPorts(ctx, target.id) : [],
        }))
        .filter((entry) => !all || entry.ports.length > 0);
    },
    attach: async (options, io) => {
      const detachKeys = parseDetachKeys(options.detachKeys ?? 'ctrl-p,ctrl-q');
      const { stdin, ...rest } = io;
      const streams = options.noStdin || !stdin ? rest : { ...rest, stdin };
      return attachContainer(ctx, one(options.ref, options.latest), streams, detachKeys);
    },
    prune: async () =>
      (await pruneContainers(ctx)).map(({ id, error }) =>
        error === undefined ? { ref: id, id } : { ref: id, id, error: toErrorData(error) },
      ),
    stats: async (options, previous = []) => {
      const ids = await statsTargets(ctx, options);
      const before = new Map(previous.map((sample) => [sample.ContainerID, sample]));
      return Promise.all(ids.map((id) => containerStats(ctx, id, before.get(id))));
    },
    exists: async (ref) => {
      try {
        resolveContainerId(ctx, ref);
        return true;
      } catch (error) {
        if (isBerthError(error) && error.code === 'NO_SUCH_CONTAINER') return false;
        throw error;
      }
    },
  };
}

/** stats: the named containers, else every one with --all, else the running ones (podman). */
async function statsTargets(ctx: EngineContext, options: ContainerStatsOptions): Promise<string[]> {
  if (options.refs.length > 0 || options.latest) {
    const chosen = targets(ctx, { refs: options.refs, all: false, latest: options.latest });
    const failed = chosen.find((target) => target.error);
    if (failed?.error) throw BerthError.fromData(failed.error);
    return chosen.flatMap((target) => (target.id === undefined ? [] : [target.id]));
  }
  const records = await syncedContainers(ctx);
  return records
    .filter((record) => options.all || record.state === 'running')
    .map((record) => record.id);
}

/**
 * --all limited to the states a verb applies to (pause --all pauses the running ones); explicit
 * references are passed through so the verb reports podman's state error for them.
 */
function narrowAll(
  ctx: EngineContext,
  options: TargetOptions,
  states: string[] | undefined,
): TargetOptions | null {
  if (!options.all || states === undefined) return options;
  const wanted = new Set(states);
  const refs = ctx.state.containers
    .list()
    .filter((record) => wanted.has(record.state))
    .map((record) => record.id);
  return refs.length === 0 ? null : { refs, all: false, latest: false };
}

/** forEachTarget, where --all narrowed to nothing is no work rather than a usage error. */
async function each(
  ctx: EngineContext,
  options: TargetOptions | null,
  action: (id: string) => Promise<void>,
) {
  if (options === null) return [];
  return forEachTarget(ctx, options, action);
}

/** Checks run/create's extra flags and turns them into what the engine stores. */
export function runExtras(
  flags: ContainerRunFlags | undefined,
  autoRemove: boolean,
): ContainerRunExtras | undefined {
  if (!flags) return undefined;
  const extra: ContainerRunExtras = {};
  if (flags.labels?.length) extra.labels = keyValues(flags.labels, 'label');
  if (flags.annotations?.length) extra.annotations = keyValues(flags.annotations, 'annotation');
  if (flags.privileged) extra.privileged = true;
  if (flags.capAdd?.length) extra.capAdd = flags.capAdd.flatMap((cap) => cap.split(','));
  if (flags.capDrop?.length) extra.capDrop = flags.capDrop.flatMap((cap) => cap.split(','));
  if (flags.readOnly) extra.readOnly = true;
  if (flags.readOnlyTmpfs !== undefined) extra.readOnlyTmpfs = flags.readOnlyTmpfs;
  if (flags.tmpfs?.length) extra.tmpfs = flags.tmpfs.map(checkTmpfs);
  if (flags.stopSignal !== undefined) {
    parseSignal(flags.stopSignal);
    extra.stopSignal = flags.stopSignal;
  }
  if (flags.stopTimeoutSeconds !== undefined) extra.stopTimeoutSeconds = flags.stopTimeoutSeconds;
  if (flags.restart !== undefined) {
    extra.restartPolicy = parseRestart(flags.restart);
    if (autoRemove && extra.restartPolicy.name !== 'no') {
      throw new BerthError(
        'INVALID_ARGUMENT',
        'the --rm option conflicts with --restart, when the restartPolicy is not "" and "no"',
      );
    }
  }
  if (flags.ulimits?.length) extra.ulimits = flags.ulimits;
  if (flags.pidsLimit !== undefined) extra.pidsLimit = flags.pidsLimit;
  if (flags.memory !== undefined) extra.memoryBytes = parseBytes(flags.memory, 'memory');
  if (flags.cpus !== undefined) extra.cpus = flags.cpus;
  if (flags.shmSize !== undefined) extra.shmSizeBytes = parseBytes(flags.shmSize, 'shm-size');
  if (flags.logDriver !== undefined) {
    if (
      flags.logDriver !== 'k8s-file' &&
      flags.logDriver !== 'none' &&
      flags.logDriver !== 'passthrough'
    ) {
      throw new BerthError('INVALID_ARGUMENT', `invalid log driver: ${flags.logDriver}`);
    }
    extra.logDriver = flags.logDriver;
  }
  if (flags.initPath !== undefined && !flags.init) {
    throw new BerthError('INVALID_ARGUMENT', 'must also specify --init to use --init-path');
  }
  if (flags.init) extra.init = flags.initPath === undefined ? {} : { path: flags.initPath };
  if (flags.cgroups !== undefined) extra.cgroupsMode = cgroupsMode(flags.cgroups);
  if (flags.sdNotify !== undefined) extra.sdNotify = sdNotifyMode(flags.sdNotify);
  return extra;
}

function keyValues(values: string[], what: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const value of values) {
    const eq = value.indexOf('=');
    const key = eq < 0 ? value : value.slice(0, eq);
    if (key === '')
      throw new BerthError('INVALID_ARGUMENT', `invalid ${what} "${value}": key cannot be empty`);
    result[key] = eq < 0 ? '' : value.slice(eq + 1);
  }
  return result;
}

function checkTmpfs(spec: string): string {
  if (!spec.startsWith('/'))
    throw new BerthError(
      'INVALID_ARGUMENT',
      `invalid container path "${spec.split(':')[0] ?? spec}", must be an absolute path`,
    );
  return spec;
}

export function parseRestart(text: string): RestartPolicy {
  const [name, count] = text.split(':', 2);
  if (name === 'on-failure') {
    const maxRetries = count === undefined ? 0 : Number(count);
    if (!Number.isInteger(maxRetries) || maxRetries < 0)
      throw new BerthError(
        'INVALID_ARGUMENT',
        `restart count "${count ?? ''}" must be a non-negative integer`,
      );
    return { name, maxRetries };
  }
  if (
    (name === 'no' || name === 'always' || name === 'unless-stopped' || name === '') &&
    count === undefined
  )
    return { name: name === '' ? 'no' : name, maxRetries: 0 };
  if (count !== undefined)
    throw new BerthError(
      'INVALID_ARGUMENT',
      'restart policy retries can only be specified with on-failure restart policy',
    );
  throw new BerthError(
    'INVALID_ARGUMENT',
    `invalid restart policy "${text}": must be one of "no", "always", "on-failure" or "unless-stopped"`,
  );
}

/** podman's sizes: a number with an optional b, k, m or g suffix (powers of 1024). */
export function parseBytes(text: string, flag: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([bkmg]?)b?$/i.exec(text.trim());
  if (!match) throw new BerthError('INVALID_ARGUMENT', `invalid --${flag} "${text}": invalid size`);
  const unit =
    { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[(match[2] ?? '').toLowerCase()] ?? 1;
  return Math.floor(Number(match[1]) * unit);
}

const cgroupsModes = ['enabled', 'disabled', 'no-conmon', 'split'] as const;

function cgroupsMode(value: string): NonNullable<ContainerRunExtras['cgroupsMode']> {
  const mode = cgroupsModes.find((known) => known === value);
  if (!mode) throw new BerthError('INVALID_ARGUMENT', `invalid cgroups mode "${value}"`);
  return mode;
}

const sdNotifyModes = ['container', 'conmon', 'ignore'] as const;

function sdNotifyMode(value: string): NonNullable<ContainerRunExtras['sdNotify']> {
  const mode = sdNotifyModes.find((known) => known === value);
  if (!mode)
    throw new BerthError(
      'INVALID_ARGUMENT',
      `invalid argument: invalid sdnotify value "${value}": must be container, conmon or ignore`,
    );
  return mode;
}
