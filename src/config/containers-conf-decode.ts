// Turns a (merged) containers.conf TOML document into the typed ContainersConfig, filling
// podman's defaults for unset keys and rejecting wrongly typed values. No file access.

import {
  defaultCapabilities,
  defaultConmonPaths,
  defaultContainerEnv,
  defaultHelperBinariesDirs,
  defaultNetworkName,
  defaultRuntimes,
  defaultSubnet,
} from './containers-conf-defaults.ts';
import { asBool, asInt, asString, asStringArray, asTable, type TomlTable } from './toml-values.ts';

/** [containers]: defaults for every container (podman run flags override them). */
export interface ContainersSection {
  annotations: string[];
  apparmorProfile: string;
  baseHostsFile: string;
  cgroupns: string;
  cgroups: string;
  /** CAP_-prefixed, upper case (--cap-add/--cap-drop start from these). */
  defaultCapabilities: string[];
  defaultSysctls: string[];
  /** `name=soft:hard`; empty = inherit (--ulimit). */
  defaultUlimits: string[];
  devices: string[];
  dnsOptions: string[];
  dnsSearches: string[];
  dnsServers: string[];
  env: string[];
  envHost: boolean;
  httpProxy: boolean;
  init: boolean;
  initPath: string;
  ipcns: string;
  label: boolean;
  logDriver: string;
  logSizeMax: number;
  logTag: string;
  netns: string;
  noHosts: boolean;
  pidns: string;
  pidsLimit: number;
  seccompProfile: string;
  shmSize: string;
  tz: string;
  umask: string;
  userns: string;
  usernsSize: number;
  utsns: string;
  volumes: string[];
}

/** [engine]: how the engine itself runs. */
export interface EngineSection {
  cgroupManager: string;
  conmonEnvVars: string[];
  conmonPath: string[];
  detachKeys: string;
  env: string[];
  eventsLogger: string;
  eventsLogfilePath: string;
  exitCommandDelay: number;
  helperBinariesDir: string[];
  hooksDir: string[];
  imageDefaultTransport: string;
  imageParallelCopies: number;
  infraImage: string;
  noPivotRoot: boolean;
  numLocks: number;
  pullPolicy: string;
  runtime: string;
  /** runtime name -> candidate paths, merged per name across files. */
  runtimes: Record<string, string[]>;
  stopTimeout: number;
}

/** [network] */
export interface NetworkSection {
  defaultNetwork: string;
  defaultSubnet: string;
  networkBackend: string;
  dnsBindPort: number;
}

export interface ContainersConfigValues {
  containers: ContainersSection;
  engine: EngineSection;
  network: NetworkSection;
}

type Decoder<T> = (value: unknown, key: string) => T;

function reader(table: TomlTable, section: string) {
  return <T>(key: string, decode: Decoder<T>, fallback: T): T =>
    table[key] === undefined ? fallback : decode(table[key], `${section}.${key}`);
}

function section(document: TomlTable, name: string): TomlTable {
  return document[name] === undefined ? {} : asTable(document[name], name);
}

/** containers/common addCAPPrefix. */
function capPrefixed(value: unknown, key: string): string[] {
  return asStringArray(value, key).map((cap) =>
    cap.toLowerCase().startsWith('cap_') ? cap : `CAP_${cap.toUpperCase()}`,
  );
}

function stringsMap(value: unknown, key: string): Record<string, string[]> {
  const table = asTable(value, key);
  const out: Record<string, string[]> = {};
  for (const [name, paths] of Object.entries(table))
    out[name] = asStringArray(paths, `${key}.${name}`);
  return out;
}

function decodeContainers(document: TomlTable, seccompProfile: string): ContainersSection {
  const get = reader(section(document, 'containers'), 'containers');
  return {
    annotations: get('annotations', asStringArray, []),
    apparmorProfile: get('apparmor_profile', asString, 'container-default'),
    baseHostsFile: get('base_hosts_file', asString, ''),
    cgroupns: get('cgroupns', asString, 'private'),
    cgroups: get('cgroups', asString, 'enabled'),
    defaultCapabilities: get('default_capabilities', capPrefixed, [...defaultCapabilities]),
    defaultSysctls: get('default_sysctls', asStringArray, ['net.ipv4.ping_group_range=0 0']),
    defaultUlimits: get('default_ulimits', asStringArray, []),
    devices: get('devices', asStringArray, []),
    dnsOptions: get('dns_options', asStringArray, []),
    dnsSearches: get('dns_searches', asStringArray, []),
    dnsServers: get('dns_servers', asStringArray, []),
    env: get('env', asStringArray, [...defaultContainerEnv]),
    envHost: get('env_host', asBool, false),
    httpProxy: get('http_proxy', asBool, true),
    init: get('init', asBool, false),
    initPath: get('init_path', asString, '/usr/libexec/podman/catatonit'),
    ipcns: get('ipcns', asString, 'shareable'),
    label: get('label', asBool, true),
    logDriver: get('log_driver', asString, 'k8s-file'),
    logSizeMax: get('log_size_max', asInt, -1),
    logTag: get('log_tag', asString, ''),
    netns: get('netns', asString, 'private'),
    noHosts: get('no_hosts', asBool, false),
    pidns: get('pidns', asString, 'private'),
    pidsLimit: get('pids_limit', asInt, 2048),
    seccompProfile: get('seccomp_profile', asString, seccompProfile),
    shmSize: get('shm_size', asString, '65536k'),
    tz: get('tz', asString, ''),
    umask: get('umask', asString, '0022'),
    userns: get('userns', asString, 'host'),
    usernsSize: get('userns_size', asInt, 65536),
    utsns: get('utsns', asString, 'private'),
    volumes: get('volumes', asStringArray, []),
  };
}

function decodeEngine(document: TomlTable): EngineSection {
  const engine = section(document, 'engine');
  const get = reader(engine, 'engine');
  const runtimes = { ...defaultRuntimes, ...get('runtimes', stringsMap, {}) };
  return {
    cgroupManager: get('cgroup_manager', asString, 'systemd'),
    conmonEnvVars: get('conmon_env_vars', asStringArray, [
      'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    ]),
    conmonPath: get('conmon_path', asStringArray, [...defaultConmonPaths]),
    detachKeys: get('detach_keys', asString, 'ctrl-p,ctrl-q'),
    env: get('env', asStringArray, []),
    eventsLogger: get('events_logger', asString, 'journald'),
    eventsLogfilePath: get('events_logfile_path', asString, ''),
    exitCommandDelay: get('exit_command_delay', asInt, 300),
    helperBinariesDir: get('helper_binaries_dir', asStringArray, [...defaultHelperBinariesDirs]),
    hooksDir: get('hooks_dir', asStringArray, ['/usr/share/containers/oci/hooks.d']),
    imageDefaultTransport: get('image_default_transport', asString, 'docker://'),
    imageParallelCopies: get('image_parallel_copies', asInt, 0),
    infraImage: get('infra_image', asString, ''),
    noPivotRoot: get('no_pivot_root', asBool, false),
    numLocks: get('num_locks', asInt, 2048),
    pullPolicy: get('pull_policy', asString, 'missing'),
    runtime: get('runtime', asString, 'crun'),
    runtimes,
    stopTimeout: get('stop_timeout', asInt, 10),
  };
}

function decodeNetwork(document: TomlTable): NetworkSection {
  const get = reader(section(document, 'network'), 'network');
  return {
    defaultNetwork: get('default_network', asString, defaultNetworkName),
    defaultSubnet: get('default_subnet', asString, defaultSubnet),
    networkBackend: get('network_backend', asString, ''),
    dnsBindPort: get('dns_bind_port', asInt, 53),
  };
}

/** Decodes a document; throws a plain Error (toml: …) on a wrongly typed value. */
export function decodeContainersConfig(
  document: TomlTable,
  seccompProfile: string,
): ContainersConfigValues {
  return {
    containers: decodeContainers(document, seccompProfile),
    engine: decodeEngine(document),
    network: decodeNetwork(document),
  };
}
