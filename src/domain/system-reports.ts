// `berth info` and `berth version` reports, shaped and named as podman 4's JSON output
// (`podman info --format json`), so scripts reading podman's fields keep working.

export interface RuntimeInfo {
  name: string;
  package: string;
  path: string;
  version: string;
  /** berth only: why this runtime was chosen and which were passed over (podman has no such field). */
  selection: string;
}

export interface HostInfo {
  arch: string;
  cgroupManager: string;
  cgroupVersion: string;
  cgroupControllers: string[];
  conmon: { package: string; path: string; version: string };
  cpus: number;
  distribution: { distribution: string; version: string; codename?: string };
  eventLogger: string;
  hostname: string;
  idMappings: { gidmap: null; uidmap: null };
  kernel: string;
  logDriver: string;
  memFree: number;
  memTotal: number;
  networkBackend: string;
  /**
   * Base chains of other firewalls that drop forwarded packets ("ip filter FORWARD"), and what
   * that means for containers; berth's addition: podman does not report it.
   */
  networkForwarding: { dropChains: string[]; warning: string };
  ociRuntime: RuntimeInfo;
  os: string;
  security: {
    apparmorEnabled: boolean;
    capabilities: string;
    rootless: boolean;
    seccompEnabled: boolean;
    seccompProfilePath: string;
    selinuxEnabled: boolean;
  };
  serviceIsRemote: boolean;
  swapFree: number;
  swapTotal: number;
  uptime: string;
  linkmode: string;
  /** Since boot, from /proc/stat's cpu line, rounded to 2 decimals as podman does. */
  cpuUtilization: { userPercent: number; systemPercent: number; idlePercent: number };
  /** Where the API socket would be (berth serves none yet). */
  remoteSocket: { path: string };
  slirp4netns: { executable: string; package: string; version: string };
  /** berth builds no images yet. */
  buildahVersion: string;
}

export interface StoreInfo {
  configFile: string;
  containerStore: { number: number; paused: number; running: number; stopped: number };
  graphDriverName: string;
  graphOptions: Record<string, string>;
  graphRoot: string;
  /** statfs of graphRoot: size and used bytes of its filesystem. */
  graphRootAllocated: number;
  graphRootUsed: number;
  graphStatus: Record<string, string>;
  imageCopyTmpDir: string;
  imageStore: { number: number };
  runRoot: string;
  volumePath: string;
}

export type { VersionReport } from '../lib/version-report.ts';
import type { VersionReport } from '../lib/version-report.ts';

export interface SystemInfoReport {
  host: HostInfo;
  store: StoreInfo;
  /** As podman prints it: `search` plus one entry per [[registry]] / v1 insecure or blocked registry. */
  registries: Record<string, unknown>;
  plugins: { volume: string[]; network: string[]; log: string[]; authorization: null };
  version: VersionReport;
}

/** podman's event types; berth records all but pod. */
export type EventType = 'container' | 'image' | 'network' | 'pod' | 'system' | 'volume';

/**
 * One event, shaped and ordered as podman 4.3.1's events.Event marshals (events.log lines and
 * `events --format json`): empty fields are left out, Attributes is null when there are none.
 */
export interface EngineEvent {
  /** died and exec_died: the process's exit code (left out when 0, as podman's omitempty). */
  ContainerExitCode?: number;
  /** The container, image or network ID (64 hex); absent for volumes and image pull/load. */
  ID?: string;
  /** Container events: the image name the container was created from. */
  Image?: string;
  /** The container, volume or image name (image events: the reference acted on). */
  Name?: string;
  /** Network events: the network's name. */
  network?: string;
  Status: string;
  /** RFC 3339 with nanoseconds, in the writer's local zone. */
  Time: string;
  Type: EventType;
  /** Container events: the container's labels (and execID on exec_died); network create/remove: driver. */
  Attributes: Record<string, string> | null;
}

/** `berth events` / `system events`. */
export interface EventsOptions {
  /** --filter KEY=VALUE (type, event/status, container, image, volume, network, label); same key ORs, different keys AND. */
  filters: string[];
  /** --since: RFC 3339 time, Unix seconds or a Go duration ago. */
  since?: string;
  /** --until: as --since, a duration counting forward; without it a stream never ends by itself. */
  until?: string;
  /** --stream (default true): keep following new events; false prints what is there and returns. */
  stream: boolean;
}
