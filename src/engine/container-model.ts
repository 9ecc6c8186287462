// The shapes berth stores for a container (config at create, state as it runs) and the
// guards that read them back from the DB. Paths derive from the id, so they are not stored.
import { join } from 'node:path';
import { BerthError } from '../lib/berth-error.ts';
import type { BerthPaths } from '../config/paths.ts';

export interface ContainerConfig {
  imageName: string;
  command: string[];
  entrypoint?: string;
  env: string[];
  workdir?: string;
  hostname?: string;
  user?: string;
  tty: boolean;
  interactive: boolean;
  autoRemove: boolean;
  network: 'none' | 'host';
  /** -v/--volume specs as given. */
  volumes?: string[];
}

export type ContainerStatus = 'created' | 'running' | 'paused' | 'stopping' | 'exited' | 'removing';

export interface ContainerStateData {
  /** Names one start: conmon's exit command carries it, so a late cleanup of an earlier run is ignored. */
  runId?: string;
  pid?: number;
  conmonPid?: number;
  startedAt?: string;
  finishedAt?: string;
  exitCode?: number;
  mountPoint?: string;
}

export function readContainerConfig(value: unknown, id: string): ContainerConfig {
  if (typeof value !== 'object' || value === null) throw corrupt(id, 'config');
  const config = value as Partial<ContainerConfig>;
  if (typeof config.imageName !== 'string' || !Array.isArray(config.command) || !Array.isArray(config.env)) throw corrupt(id, 'config');
  return config as ContainerConfig;
}

export function readStateData(value: unknown, id: string): ContainerStateData {
  if (typeof value !== 'object' || value === null) throw corrupt(id, 'state');
  return value as ContainerStateData;
}

function corrupt(id: string, what: string): BerthError {
  return new BerthError('STORAGE', `container ${id} has a malformed ${what} record`, { hint: 'remove it with `berth rm -f`' });
}

/** Where a container's files live: short runroot paths so conmon's attach socket fits in sun_path. */
export function containerPaths(paths: BerthPaths, id: string) {
  const bundle = join(paths.runroot, 'c', id);
  return {
    bundle,
    configJson: join(bundle, 'config.json'),
    attachSocket: join(bundle, 'attach'),
    ctlFifo: join(bundle, 'ctl'),
    pidFile: join(bundle, 'pidfile'),
    conmonPidFile: join(bundle, 'conmon.pid'),
    persistDir: join(bundle, 'persist'),
    hosts: join(bundle, 'hosts'),
    resolvConf: join(bundle, 'resolv.conf'),
    hostname: join(bundle, 'hostname'),
    containerEnv: join(bundle, '.containerenv'),
    exitDir: join(paths.runroot, 'exits'),
    exitFile: join(paths.runroot, 'exits', id),
    runtimeRoot: join(paths.runroot, 'runtime'),
    staticDir: join(paths.root, 'containers', id),
    shm: join(paths.root, 'containers', id, 'shm'),
    logPath: join(paths.root, 'containers', id, 'ctr.log'),
  };
}

export type ContainerPaths = ReturnType<typeof containerPaths>;
