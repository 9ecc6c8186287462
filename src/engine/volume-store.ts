// Named and anonymous volumes of the local driver: a DB row plus <root>/volumes/NAME/_data.
// Creation, lookup, users (containers whose -v names it), removal; no CLI policy (filters) here.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { BerthError } from '../lib/berth-error.ts';
import { unmountVolumeDevice } from '../host/volume-mount.ts';
import { parseVolume } from '../spec/volume-spec.ts';
import type { VolumeRecord } from '../storage/volume-records.ts';
import type { VolumeInspectReport } from '../domain/volume-reports.ts';
import type { EngineContext } from './engine-context.ts';
import { readContainerConfig } from './container-model.ts';
import { acquireLock } from './named-lock.ts';

export const volumeNameRe = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;
/** Marks a volume whose data dir got the image's files already (podman's NeedsCopyUp = false). */
export const copiedUpMarker = '.copied-up';

export interface NewVolume {
  name?: string;
  labels?: Record<string, string>;
  options?: Record<string, string>;
  anonymous?: boolean;
}

export function volumeDir(ctx: EngineContext, name: string): string {
  return join(ctx.paths.root, 'volumes', name);
}

export function randomVolumeName(): string {
  return randomBytes(32).toString('hex');
}

/** Creates the data dir, then the row; NAME_IN_USE when it exists. */
export async function createVolume(ctx: EngineContext, volume: NewVolume): Promise<VolumeRecord> {
  const name = volume.name ?? randomVolumeName();
  if (!volumeNameRe.test(name))
    throw new BerthError(
      'INVALID_ARGUMENT',
      `volume name ${name} is not valid: names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*`,
    );
  const options = { ...(volume.options ?? {}), ...(volume.anonymous ? { anonymous: 'true' } : {}) };
  for (const key of Object.keys(options)) {
    if (!['type', 'device', 'o', 'anonymous', 'size', 'uid', 'gid', 'copy', 'nocopy'].includes(key))
      throw new BerthError(
        'INVALID_ARGUMENT',
        `invalid mount option ${key} for driver 'local': invalid argument`,
      );
  }
  const mountpoint = join(volumeDir(ctx, name), '_data');
  if (ctx.state.volumes.get(name)) throw exists(name);
  await mkdir(mountpoint, { recursive: true, mode: 0o755 });
  const record: VolumeRecord = {
    name,
    driver: 'local',
    mountpoint,
    created: new Date().toISOString(),
    labels: volume.labels ?? {},
    options,
  };
  ctx.state.write(() => ctx.state.volumes.insert(record));
  ctx.events().volume('create', record.name);
  return record;
}

/** The volume's row, created on first use by `-v NAME:/path` (a concurrent creator wins). */
export async function ensureVolume(
  ctx: EngineContext,
  name: string,
  anonymous = false,
): Promise<VolumeRecord> {
  const found = ctx.state.volumes.get(name);
  if (found) return found;
  await using _lock = await acquireLock(ctx.state, volumeLockName(name));
  try {
    return ctx.state.volumes.get(name) ?? (await createVolume(ctx, { name, anonymous }));
  } catch (error) {
    const raced = ctx.state.volumes.get(name);
    if (raced) return raced;
    throw error;
  }
}

export function getVolume(ctx: EngineContext, name: string): VolumeRecord {
  const record = ctx.state.volumes.get(name);
  if (!record)
    throw new BerthError('NO_SUCH_VOLUME', `no volume with name "${name}" found: no such volume`);
  return record;
}

/** Names of the volumes a container's -v specs refer to. */
export function containerVolumeNames(config: { volumes?: string[] }): string[] {
  const names: string[] = [];
  for (const spec of config.volumes ?? []) {
    try {
      const request = parseVolume(spec);
      if (request.kind === 'named') names.push(request.source);
    } catch {
      // a stored spec that no longer parses names no volume
    }
  }
  return names;
}

/** Ids of the containers whose -v names the volume. */
export function volumeUsers(ctx: EngineContext, name: string): string[] {
  return ctx.state.containers
    .list()
    .filter((record) =>
      containerVolumeNames(readContainerConfig(record.config, record.id)).includes(name),
    )
    .map((record) => record.id);
}

export function inspectVolume(ctx: EngineContext, record: VolumeRecord): VolumeInspectReport {
  const { anonymous: _anonymous, ...options } = record.options;
  return {
    Name: record.name,
    Driver: record.driver,
    Mountpoint: record.mountpoint,
    CreatedAt: record.created,
    Labels: record.labels,
    Scope: 'local',
    Options: options,
    MountCount: volumeUsers(ctx, record.name).filter(
      (id) => ctx.state.containers.get(id)?.state === 'running',
    ).length,
    NeedsCopyUp: !existsSync(join(volumeDir(ctx, record.name), copiedUpMarker)),
    NeedsChown: true,
  };
}

/** Removes row and data; VOLUME_IN_USE while a container uses it (the caller removes those for -f). */
export async function removeVolume(ctx: EngineContext, name: string): Promise<void> {
  // Under the volume's lock: a run making it again or filling it never writes into it while its files go.
  await using _lock = await acquireLock(ctx.state, volumeLockName(name));
  const record = getVolume(ctx, name);
  const users = volumeUsers(ctx, name);
  if (users.length > 0) {
    throw new BerthError(
      'VOLUME_IN_USE',
      `volume ${name} is being used by the following container(s): ${users.join(', ')}: volume is being used`,
    );
  }
  if (record.options['type'] !== undefined) await unmountVolumeDevice(record.mountpoint);
  ctx.state.write(() => ctx.state.volumes.delete(name));
  ctx.events().volume('remove', name);
  await rm(volumeDir(ctx, name), { recursive: true, force: true });
}

/** Removes the container's anonymous volumes that no other container uses (`rm -v`, `--rm`). */
export async function removeAnonymousVolumes(
  ctx: EngineContext,
  names: readonly string[],
): Promise<void> {
  for (const name of names) {
    const record = ctx.state.volumes.get(name);
    if (record?.options['anonymous'] !== 'true' || volumeUsers(ctx, name).length > 0) continue;
    await removeVolume(ctx, name);
  }
}

function exists(name: string): BerthError {
  return new BerthError(
    'NAME_IN_USE',
    `volume with name ${name} already exists: volume already exists`,
  );
}

/** The lock taken while a volume's directory is made, filled or removed. */
export function volumeLockName(name: string): string {
  return `volume:${name}`;
}
