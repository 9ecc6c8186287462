// The shapes berth stores for a container (config at create, state as it runs) and the
// guards that read them back from the DB. Paths derive from the id, so they are not stored.
import { hostname as osHostname } from 'node:os';
import { join } from 'node:path';
import { BerthError } from '../lib/berth-error.ts';
import { parsePortBinding, type PortBinding, type PortMapping } from '../network/port-spec.ts';
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
  /** --network, resolved at create. */
  network: NetworkMode;
  /** -p/--publish and -P, parsed at create with every host port assigned (bridge only). */
  ports?: PortBinding[];
  /** -P/--publish-all (its ports are in `ports`). */
  publishAll?: boolean;
  /** -v/--volume specs as given. */
  volumes?: string[];
  /** The command line that created the container (inspect's Config.CreateCommand). */
  createCommand?: string[];
  /** --ip, --mac-address, --network-alias, --dns*, --add-host. */
  netOptions?: ContainerNetOptions;
  /** run/create flags beyond the basics; absent = podman's default. */
  extra?: ContainerRunExtras;
}

/**
 * --network as stored: bridge networks (first = eth0; absent = the default network), none, the
 * host's namespace, or another container's (`container:ID`, resolved to the full ID).
 */
export type NetworkMode =
  | { mode: 'bridge'; networks?: string[] }
  | { mode: 'none' }
  | { mode: 'host' }
  | { mode: 'container'; container: string };

/** podman's NetworkMode string for inspect: `bridge`, the networks, `none`, `host`, `container:ID`. */
export function networkModeName(network: NetworkMode): string {
  if (network.mode === 'bridge') return network.networks?.join(',') ?? 'bridge';
  return network.mode === 'container' ? `container:${network.container}` : network.mode;
}

/** run's per-container network flags as stored at create. */
export interface ContainerNetOptions {
  /** --ip: the address on the first network. */
  ip?: string;
  /** --mac-address: eth0's MAC. */
  mac?: string;
  /** --network-alias: extra DNS names on user networks. */
  aliases?: string[];
  dns?: string[];
  dnsSearch?: string[];
  dnsOptions?: string[];
  /** --add-host HOST:IP (IP may be `host-gateway`). */
  addHosts?: string[];
}

/** One interface of a running container on a bridge network. */
export interface NetworkEndpoint {
  name: string;
  ip: string;
  iface?: string;
  mac?: string;
  aliases?: string[];
}

/** podman run's resource, security and lifecycle flags as stored at create. */
export interface ContainerRunExtras {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  privileged?: boolean;
  capAdd?: string[];
  capDrop?: string[];
  readOnly?: boolean;
  readOnlyTmpfs?: boolean;
  /** --tmpfs DEST[:OPTIONS] as given. */
  tmpfs?: string[];
  stopSignal?: string;
  stopTimeoutSeconds?: number;
  restartPolicy?: RestartPolicy;
  /** --ulimit TYPE=SOFT[:HARD] as given. */
  ulimits?: string[];
  pidsLimit?: number;
  memoryBytes?: number;
  /** --cpus as a CFS quota over a 100 ms period. */
  cpus?: number;
  shmSizeBytes?: number;
  logDriver?: 'k8s-file' | 'none' | 'passthrough';
  /** --init; path is --init-path (default: containers.conf init_path, then catatonit on PATH). */
  init?: { path?: string };
  /** --cgroups: recorded; conmon already stays in the caller's cgroup here (no-conmon's effect). */
  cgroupsMode?: 'enabled' | 'disabled' | 'no-conmon' | 'split';
  /** --sdnotify: with conmon, berth sends MAINPID and READY=1 to $NOTIFY_SOCKET once running. */
  sdNotify?: 'container' | 'conmon' | 'ignore';
}

export interface RestartPolicy {
  name: 'no' | 'always' | 'on-failure' | 'unless-stopped';
  /** on-failure:N; 0 = unlimited. */
  maxRetries: number;
}

export type ContainerStatus = 'created' | 'running' | 'paused' | 'stopping' | 'exited' | 'removing';

/** The runtime a container was started with (kept, so a later choice never strands it). */
export interface RecordedRuntime {
  name: string;
  path: string;
  /** crun with --cgroup-manager=disabled; berth made the cgroups. */
  cgroupsByBerth?: boolean;
}

export interface ContainerStateData {
  /** The bridge attachment while the container runs (address allocated at start, freed at exit). */
  network?: NetworkEndpoint & { ports: PortMapping[] };
  /** eth1…: further networks (--network A,B or `network connect`). */
  extraNetworks?: NetworkEndpoint[];
  /** Names one start: conmon's exit command carries it, so a late cleanup of an earlier run is ignored. */
  runId?: string;
  /** The runtime of the current or last run. */
  runtime?: RecordedRuntime;
  pid?: number;
  conmonPid?: number;
  /** conmon's /proc start time: a reused pid is not our monitor. */
  conmonStartTime?: number;
  startedAt?: string;
  finishedAt?: string;
  exitCode?: number;
  mountPoint?: string;
  /** Set by `stop`: the restart policy must not bring the container back. */
  stoppedByUser?: boolean;
  /** How many times the restart policy restarted the container. */
  restartCount?: number;
  /** Set from just before conmon is spawned until the run is recorded: a start killed in between left a monitor to reap. */
  starting?: boolean;
}

export function readContainerConfig(value: unknown, id: string): ContainerConfig {
  if (typeof value !== 'object' || value === null) throw corrupt(id, 'config');
  const config = value as StoredConfig;
  if (
    typeof config.imageName !== 'string' ||
    !Array.isArray(config.command) ||
    !Array.isArray(config.env)
  )
    throw corrupt(id, 'config');
  if (typeof config.network === 'object' && config.network !== null && config.publish === undefined)
    return config as ContainerConfig;
  return upgradeConfig(config);
}

/** What rows written before the network mode and the port bindings were stored looked like. */
interface LegacyConfigFields {
  network?: NetworkMode | 'none' | 'host' | 'bridge';
  /** -p specs as typed (host port 0 for `-p 80`). */
  publish?: string[];
  networks?: string[];
  networkContainer?: string;
}

type StoredConfig = Omit<Partial<ContainerConfig>, 'network'> & LegacyConfigFields;

function upgradeConfig(legacy: StoredConfig): ContainerConfig {
  const { network, publish, networks, networkContainer, ...rest } = legacy;
  const mode: NetworkMode =
    typeof network === 'object'
      ? network
      : networkContainer !== undefined
        ? { mode: 'container', container: networkContainer }
        : network === 'host' || network === 'none'
          ? { mode: network }
          : { mode: 'bridge', ...(networks ? { networks } : {}) };
  const ports = rest.ports ?? (publish ?? []).map(parsePortBinding);
  return { ...(rest as ContainerConfig), network: mode, ...(ports.length > 0 ? { ports } : {}) };
}

export function readStateData(value: unknown, id: string): ContainerStateData {
  if (typeof value !== 'object' || value === null) throw corrupt(id, 'state');
  return value as ContainerStateData;
}

function corrupt(id: string, what: string): BerthError {
  return new BerthError('STORAGE', `container ${id} has a malformed ${what} record`, {
    hint: 'remove it with `berth rm -f`',
  });
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

/** -h, else the host's name for --network host (as podman), else the short ID. */
export function containerHostname(config: ContainerConfig, id: string): string {
  return config.hostname ?? (config.network.mode === 'host' ? osHostname() : id.slice(0, 12));
}
