// The local VolumeApi and the container storage policy: --mount/--volumes-from/anonymous volumes
// become named -v specs before create; rm -v drops anonymous volumes; cp/diff/mount/export/commit.
import { BerthError, toErrorData } from '../../lib/berth-error.ts';
import type { ContainerApi } from '../engine.ts';
import type {
  ContainerFsApi,
  ContainerMountOptions,
  VolumeApi,
  VolumeInspectReport,
  VolumeRemoveReport,
} from '../volume-reports.ts';
import type { ContainerRunOptions } from '../container-reports.ts';
import type { EngineContext } from '../../engine/engine-context.ts';
import { readContainerConfig } from '../../engine/container-model.ts';
import { checkVolumes } from '../../engine/container-volumes.ts';
import {
  createVolume,
  ensureVolume,
  containerVolumeNames,
  getVolume,
  inspectVolume,
  removeAnonymousVolumes,
  removeVolume,
  volumeUsers,
} from '../../engine/volume-store.ts';
import { mountRequestsToSpecs, anonymousToNamed } from '../../engine/volume-mount-options.ts';
import { copyContainerFiles } from '../../engine/container-cp.ts';
import { diffContainer } from '../../engine/container-diff.ts';
import { listMounted, mountContainer, unmountContainer } from '../../engine/container-mount.ts';
import { exportContainer } from '../../engine/container-export.ts';
import { commitContainer } from '../../engine/container-commit.ts';
import { resolveContainerId, resolveImage } from './resolve-refs.ts';
import { targets } from './container-verbs.ts';

export function localVolumes(ctx: EngineContext): VolumeApi {
  const report = (name: string): VolumeInspectReport => inspectVolume(ctx, getVolume(ctx, name));
  return {
    create: async (options) => {
      if (options.driver !== 'local')
        throw new BerthError(
          'INVALID_ARGUMENT',
          `volume driver ${options.driver} not found: no such volume plugin`,
        );
      if (
        options.name !== undefined &&
        options.ignoreExisting &&
        ctx.state.volumes.get(options.name)
      )
        return options.name;
      return (
        await createVolume(ctx, {
          ...(options.name !== undefined ? { name: options.name } : {}),
          labels: options.labels,
          options: options.options,
        })
      ).name;
    },
    list: async (options) =>
      ctx.state.volumes
        .list()
        .map((record) => inspectVolume(ctx, record))
        .filter((volume) => options.filters.every((filter) => matchesFilter(ctx, volume, filter))),
    inspect: async (names, all) => {
      const chosen = all ? ctx.state.volumes.list().map((record) => record.name) : names;
      const data: VolumeInspectReport[] = [];
      const errors: VolumeRemoveReport[] = [];
      for (const name of chosen) collect(() => data.push(report(name)), name, errors);
      return { data, errors };
    },
    remove: async (options) => {
      // podman's volume rm refuses both and neither, before looking anything up.
      if (options.all === options.names.length > 0)
        throw new BerthError('USAGE', 'choose either one or more volumes or all');
      const chosen = options.all
        ? ctx.state.volumes.list().map((record) => record.name)
        : options.names;
      const reports: VolumeRemoveReport[] = [];
      for (const name of chosen) {
        try {
          if (options.force) await removeUsers(ctx, name);
          await removeVolume(ctx, name);
          reports.push({ name });
        } catch (error) {
          reports.push({ name, error: toErrorData(error) });
        }
      }
      return reports;
    },
    prune: async () => {
      const removed: string[] = [];
      for (const record of ctx.state.volumes.list()) {
        if (volumeUsers(ctx, record.name).length > 0) continue;
        await removeVolume(ctx, record.name);
        ctx.events().volume('prune', record.name);
        removed.push(record.name);
      }
      return removed;
    },
    exists: async (name) => ctx.state.volumes.get(name) !== undefined,
  };
}

/** Resolves run/create's storage options into volumes; a failure before the container exists removes its anonymous volumes again. */
async function withStorage<T>(
  ctx: EngineContext,
  options: Parameters<ContainerApi['run']>[0],
  action: (prepared: Parameters<ContainerApi['run']>[0]) => Promise<T>,
): Promise<T> {
  const prepared = await storageSpecs(ctx, options);
  try {
    // Named volumes exist from create on, as podman's do (volume ls shows them, rm -v knows them).
    checkVolumes(prepared.volumes);
    for (const name of containerVolumeNames(prepared)) await ensureVolume(ctx, name);
    return await action(prepared);
  } catch (error) {
    await removeAnonymousVolumes(ctx, containerVolumeNames(prepared)).catch(() => undefined);
    throw error;
  }
}

/** The container verbs with storage policy around run, create and rm, plus the filesystem verbs. */
export function withContainerStorage(
  ctx: EngineContext,
  base: ContainerApi,
): ContainerApi & ContainerFsApi {
  const one = (ref: string): string => resolveContainerId(ctx, ref);
  return {
    ...base,
    run: (options, io, reporter) =>
      withStorage(ctx, options, (prepared) => base.run(prepared, io, reporter)),
    create: (options, reporter) =>
      withStorage(ctx, options, (prepared) => base.create(prepared, reporter)),
    remove: async (options) => {
      const anonymous = options.volumes
        ? targets(ctx, { ...options, ignore: true }).flatMap((target) =>
            target.id ? volumesOf(ctx, target.id) : [],
          )
        : [];
      const reports = await base.remove(options);
      await removeAnonymousVolumes(ctx, anonymous);
      return reports;
    },
    copy: async (source, destination) => {
      const from = splitContainerPath(source);
      const to = splitContainerPath(destination);
      if ((from === undefined) === (to === undefined))
        throw new BerthError(
          'INVALID_ARGUMENT',
          'copying between containers or between host paths is not supported: one of SRC and DEST must be CONTAINER:PATH',
        );
      if (from)
        await copyContainerFiles(ctx, one(from.ref), 'from-container', from.path, destination);
      else if (to) await copyContainerFiles(ctx, one(to.ref), 'to-container', to.path, source);
    },
    diff: async (ref) => diffContainer(ctx, one(ref)),
    mount: async (refs) => {
      if (refs.length === 0) return listMounted(ctx);
      const reports = [];
      for (const ref of refs) {
        const id = one(ref);
        reports.push({ id, path: await mountContainer(ctx, id) });
      }
      return reports;
    },
    unmount: async (refs, all) => {
      const reports: VolumeRemoveReport[] = [];
      for (const target of targets(ctx, { refs, all })) {
        if (target.error || !target.id)
          reports.push({ name: target.ref, ...(target.error ? { error: target.error } : {}) });
        else reports.push(await unmountReport(ctx, target.id));
      }
      return reports;
    },
    export: async (ref, output, context) => exportContainer(ctx, one(ref), output, context),
    commit: async (options) => commitContainer(ctx, one(options.ref), options),
  };
}

async function unmountReport(ctx: EngineContext, id: string): Promise<VolumeRemoveReport> {
  await unmountContainer(ctx, id);
  return { name: id };
}

/** --mount, --volumes-from, `-v /path` and the image's VOLUMEs as named -v specs (anonymous ones get a row now). */
async function storageSpecs(
  ctx: EngineContext,
  options: ContainerRunOptions & ContainerMountOptions,
): Promise<ContainerRunOptions> {
  const fromOthers = (options.volumesFrom ?? []).flatMap((entry) => volumesFromSpecs(ctx, entry));
  const specs = [...options.volumes, ...mountRequestsToSpecs(options.mounts ?? []), ...fromOthers];
  const imageConfig = imageConfigOrUndefined(ctx, options.image) as
    { config?: { Volumes?: Record<string, unknown> } } | undefined;
  const imageVolumes = Object.keys(imageConfig?.config?.Volumes ?? {});
  const { mounts: _mounts, volumesFrom: _from, ...rest } = options;
  return { ...rest, volumes: await anonymousToNamed(ctx, specs, imageVolumes) };
}

/** The image's config when it is local; run reports (or pulls) a missing image itself. */
function imageConfigOrUndefined(ctx: EngineContext, ref: string): unknown {
  try {
    return resolveImage(ctx, ref).config;
  } catch {
    return undefined;
  }
}

function volumesFromSpecs(ctx: EngineContext, entry: string): string[] {
  const [ref = '', mode] = entry.split(':');
  const record = ctx.state.containers.get(resolveContainerId(ctx, ref));
  if (!record) return [];
  return (readContainerConfig(record.config, record.id).volumes ?? []).map((spec) => {
    if (mode !== 'ro' && mode !== 'rw') return spec;
    const parts = spec.split(':');
    const options = (parts[2] ?? '')
      .split(',')
      .filter((option) => option !== '' && option !== 'ro' && option !== 'rw');
    return `${parts[0]}:${parts[1]}:${[...options, mode].join(',')}`;
  });
}

function volumesOf(ctx: EngineContext, id: string): string[] {
  const record = ctx.state.containers.get(id);
  return record ? containerVolumeNames(readContainerConfig(record.config, id)) : [];
}

async function removeUsers(ctx: EngineContext, name: string): Promise<void> {
  const { removeContainer } = await import('../../engine/container-lifecycle.ts');
  for (const id of volumeUsers(ctx, name)) await removeContainer(ctx, id, true);
}

function splitContainerPath(arg: string): { ref: string; path: string } | undefined {
  if (arg.startsWith('/') || arg.startsWith('.')) return undefined;
  const colon = arg.indexOf(':');
  if (colon <= 0) return undefined;
  return { ref: arg.slice(0, colon), path: arg.slice(colon + 1) };
}

function matchesFilter(ctx: EngineContext, volume: VolumeInspectReport, filter: string): boolean {
  const eq = filter.indexOf('=');
  if (eq <= 0) throw new BerthError('INVALID_ARGUMENT', `invalid filter "${filter}"`);
  const key = filter.slice(0, eq);
  const value = filter.slice(eq + 1);
  switch (key) {
    case 'name':
      return new RegExp(value).test(volume.Name);
    case 'driver':
      return volume.Driver === value;
    case 'label': {
      const [label = '', want] = value.split('=', 2);
      return label in volume.Labels && (want === undefined || volume.Labels[label] === want);
    }
    case 'dangling':
      return (volumeUsers(ctx, volume.Name).length === 0) === (value === 'true' || value === '1');
    default:
      throw new BerthError('INVALID_ARGUMENT', `invalid filter "${key}"`);
  }
}

function collect(action: () => void, name: string, errors: VolumeRemoveReport[]): void {
  try {
    action();
  } catch (error) {
    errors.push({ name, error: toErrorData(error) });
  }
}
