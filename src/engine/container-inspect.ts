// `container inspect`: podman's InspectContainerData for one container, built from the stored
// config, the state, the image and the config.json the runtime got.
import { readFile } from 'node:fs/promises';
import type { EngineContext } from './engine-context.ts';
import {
  containerPaths,
  readContainerConfig,
  readStateData,
  type ContainerConfig,
  type ContainerStateData,
} from './container-model.ts';
import { containerCgroupPath } from './container-runtime.ts';
import { bindingPorts } from '../network/port-spec.ts';
import { parseUlimitSpec } from '../lib/ulimit-spec.ts';
import { mergeUlimits } from './container-run-flags.ts';
import { findNetwork } from './container-network.ts';
import { containerHostname, networkModeName } from './container-model.ts';
import { defaultShmBytes } from './container-start.ts';
import { syncContainer } from './container-state.ts';
import { imageRunSection } from './image-run-config.ts';
import { resolveCommand } from '../spec/oci-spec.ts';

const zeroTime = '0001-01-01T00:00:00Z';

export async function inspectContainer(
  ctx: EngineContext,
  id: string,
): Promise<Record<string, unknown>> {
  const stored = ctx.state.containers.get(id);
  if (!stored) return {};
  const record = await syncContainer(ctx, stored);
  const config = readContainerConfig(record.config, id);
  const data = readStateData(record.stateData, id);
  const paths = containerPaths(ctx.paths, id);
  const image = record.imageId ? ctx.state.images.get(record.imageId) : undefined;
  const imageSection = imageRunSection(image?.config);
  const args = resolveCommand(imageSection, config.command, config.entrypoint);
  const spec = await readSpec(paths.configJson);
  const running = record.state === 'running';
  const live = running || record.state === 'paused';
  const hostname = containerHostname(config, id);
  return {
    Id: id,
    Created: record.created,
    Path: args[0] ?? '',
    Args: args.slice(1),
    State: {
      OciVersion: '1.0.2-dev',
      Status: record.state,
      // libpod: Running is the running state only; a paused container keeps its PIDs and cgroup.
      Running: running,
      Paused: record.state === 'paused',
      Restarting: false,
      OOMKilled: false,
      Dead: false,
      Pid: live ? (data.pid ?? 0) : 0,
      ConmonPid: live ? (data.conmonPid ?? 0) : 0,
      ExitCode: data.exitCode ?? 0,
      Error: '',
      StartedAt: data.startedAt ?? zeroTime,
      FinishedAt: data.finishedAt ?? zeroTime,
      Health: { Status: '', FailingStreak: 0, Log: null },
      CgroupPath: live ? containerCgroupPath(id) : '',
      CheckpointedAt: zeroTime,
      RestoredAt: zeroTime,
    },
    Image: record.imageId ?? '',
    ImageDigest: image?.manifestDigest ?? image?.configDigest ?? '',
    ImageName: image?.names[0] ?? config.imageName,
    Rootfs: '',
    Pod: '',
    ResolvConfPath: paths.resolvConf,
    HostnamePath: paths.hostname,
    HostsPath: paths.hosts,
    StaticDir: paths.staticDir,
    OCIConfigPath: paths.configJson,
    OCIRuntime: (await ctx.runtime()).name,
    ConmonPidFile: paths.conmonPidFile,
    PidFile: paths.pidFile,
    Name: record.name,
    RestartCount: data.restartCount ?? 0,
    Driver: ctx.storageDriver,
    MountLabel: '',
    ProcessLabel: '',
    AppArmorProfile: '',
    EffectiveCaps: spec?.process?.capabilities?.effective ?? [],
    BoundingCaps: spec?.process?.capabilities?.bounding ?? [],
    ExecIDs: ctx.state.execSessions.idsOfContainer(id),
    GraphDriver: {
      Name: ctx.storageDriver,
      Data: { UpperDir: ctx.layers.diffPath(id), MergedDir: data.mountPoint ?? '' },
    },
    Mounts: [],
    Dependencies: [],
    NetworkSettings: networkSettings(
      ctx,
      running ? data.network : undefined,
      data.extraNetworks,
      portBindings(config),
    ),
    Namespace: '',
    IsInfra: false,
    IsService: false,
    Config: {
      Hostname: hostname,
      Domainname: '',
      User: config.user ?? imageSection.User ?? '',
      AttachStdin: false,
      AttachStdout: false,
      AttachStderr: false,
      Tty: config.tty,
      OpenStdin: config.interactive,
      StdinOnce: false,
      Env: spec?.process?.env ?? [],
      Cmd: config.command.length > 0 ? config.command : (imageSection.Cmd ?? null),
      Image: image?.names[0] ?? config.imageName,
      Volumes: null,
      WorkingDir: spec?.process?.cwd ?? config.workdir ?? imageSection.WorkingDir ?? '/',
      Entrypoint: config.entrypoint ?? (imageSection.Entrypoint ?? []).join(' '),
      OnBuild: null,
      Labels:
        config.extra?.labels || imageSection.Labels
          ? { ...imageSection.Labels, ...config.extra?.labels }
          : null,
      Annotations: spec?.annotations ?? {},
      StopSignal: config.extra?.stopSignal ?? imageSection.StopSignal ?? 15,
      HealthcheckOnFailureAction: 'none',
      CreateCommand: config.createCommand ?? [],
      Umask: '0022',
      Timeout: 0,
      StopTimeout: config.extra?.stopTimeoutSeconds ?? 10,
      Passwd: true,
      sdNotifyMode: 'container',
    },
    HostConfig: hostConfig(ctx, config, spec, paths.logPath),
  };
}

interface SpecView {
  process?: {
    env?: string[];
    cwd?: string;
    capabilities?: { effective?: string[]; bounding?: string[] };
    rlimits?: { type: string; soft: number; hard: number }[];
  };
  annotations?: Record<string, string>;
}

async function readSpec(path: string): Promise<SpecView | undefined> {
  try {
    const parsed: unknown = JSON.parse(await readFile(path, 'utf8'));
    return typeof parsed === 'object' && parsed !== null ? (parsed as SpecView) : undefined;
  } catch {
    return undefined;
  }
}

/** podman's NetworkSettings: the bridge address while running, the published ports (stored at create) always. */
function networkSettings(
  ctx: EngineContext,
  attached: ContainerStateData['network'],
  extra: ContainerStateData['extraNetworks'],
  ports: InspectPorts,
): Record<string, unknown> {
  const network = attached ? findNetwork(ctx, attached.name) : undefined;
  const endpoints = attached ? [attached, ...(extra ?? [])] : [];
  const base = {
    EndpointID: '',
    Gateway: network?.gateway ?? '',
    IPAddress: attached?.ip ?? '',
    IPPrefixLen: network?.subnet.prefix ?? 0,
    IPv6Gateway: '',
    GlobalIPv6Address: '',
    GlobalIPv6PrefixLen: 0,
    MacAddress: '',
    Bridge: '',
    SandboxID: '',
    HairpinMode: false,
    LinkLocalIPv6Address: '',
    LinkLocalIPv6PrefixLen: 0,
    Ports: ports,
    SandboxKey: '',
  };
  if (!attached || !network) return base;
  const networks: Record<string, unknown> = {};
  for (const endpoint of endpoints) {
    const joined = findNetwork(ctx, endpoint.name);
    networks[endpoint.name] = {
      EndpointID: '',
      Gateway: joined.gateway,
      IPAddress: endpoint.ip,
      IPPrefixLen: joined.subnet.prefix,
      IPv6Gateway: '',
      GlobalIPv6Address: '',
      GlobalIPv6PrefixLen: 0,
      MacAddress: endpoint.mac ?? '',
      NetworkID: endpoint.name,
      DriverOpts: null,
      IPAMConfig: null,
      Links: null,
      Aliases: endpoint.aliases ?? [],
    };
  }
  return { ...base, Gateway: network.gateway, MacAddress: attached.mac ?? '', Networks: networks };
}

type InspectPorts = Record<string, { HostIp: string; HostPort: string }[]>;

/** The stored -p/-P bindings port by port, keyed `80/tcp` (podman's makeInspectPortBindings). */
function portBindings(config: ContainerConfig): InspectPorts {
  const ports: InspectPorts = {};
  for (const port of (config.ports ?? []).flatMap(bindingPorts)) {
    (ports[`${port.containerPort}/${port.protocol}`] ??= []).push({
      HostIp: port.hostIp,
      HostPort: String(port.hostPort),
    });
  }
  return ports;
}

/** podman's HostConfig, key for key in podman 4.3.1's order, from what berth stored and the spec. */
function hostConfig(
  ctx: EngineContext,
  config: ContainerConfig,
  spec: SpecView | undefined,
  logPath: string,
): Record<string, unknown> {
  const extra = config.extra ?? {};
  const net = config.netOptions ?? {};
  const memory = extra.memoryBytes ?? 0;
  const cpuQuota = extra.cpus ? Math.round(extra.cpus * 100_000) : 0;
  const cap = (name: string) =>
    name.toUpperCase().startsWith('CAP_') ? name.toUpperCase() : `CAP_${name.toUpperCase()}`;
  return {
    // podman lists named volumes before host paths.
    Binds: [...(config.volumes ?? []).flatMap(bindOf)].sort(
      (a, b) => Number(a.startsWith('/')) - Number(b.startsWith('/')),
    ),
    CgroupManager: 'cgroupfs',
    CgroupMode: 'host',
    ContainerIDFile: '',
    LogConfig: {
      Type: extra.logDriver ?? ctx.config().containers.logDriver,
      Config: null,
      Path: extra.logDriver === 'none' ? '' : logPath,
      Tag: '',
      Size: '0B',
    },
    NetworkMode: networkModeName(config.network),
    PortBindings: portBindings(config),
    RestartPolicy: {
      Name: extra.restartPolicy?.name ?? '',
      MaximumRetryCount: extra.restartPolicy?.maxRetries ?? 0,
    },
    AutoRemove: config.autoRemove,
    VolumeDriver: '',
    VolumesFrom: null,
    CapAdd: (extra.capAdd ?? []).map(cap),
    CapDrop: (extra.capDrop ?? []).map(cap),
    Dns: net.dns ?? [],
    DnsOptions: net.dnsOptions ?? [],
    DnsSearch: net.dnsSearch ?? [],
    ExtraHosts: net.addHosts ?? [],
    GroupAdd: [],
    IpcMode: 'shareable',
    Cgroup: '',
    Cgroups: 'default',
    Links: null,
    OomScoreAdj: 0,
    PidMode: 'private',
    Privileged: extra.privileged ?? false,
    PublishAllPorts: config.publishAll ?? false,
    ReadonlyRootfs: extra.readOnly ?? false,
    SecurityOpt: [],
    Tmpfs: Object.fromEntries(
      (extra.tmpfs ?? []).map((entry: string) => {
        const [dest = '', options] = entry.split(/:(.*)/s);
        return [dest, options || 'rw,rprivate,nosuid,nodev,tmpcopyup'];
      }),
    ),
    UTSMode: 'private',
    UsernsMode: '',
    ShmSize: extra.shmSizeBytes ?? defaultShmBytes(ctx.config().containers.shmSize),
    Runtime: 'oci',
    ConsoleSize: [0, 0],
    Isolation: '',
    CpuShares: 0,
    Memory: memory,
    NanoCpus: Math.round((extra.cpus ?? 0) * 1e9),
    CgroupParent: '',
    BlkioWeight: 0,
    BlkioWeightDevice: null,
    BlkioDeviceReadBps: null,
    BlkioDeviceWriteBps: null,
    BlkioDeviceReadIOps: null,
    BlkioDeviceWriteIOps: null,
    CpuPeriod: cpuQuota ? 100_000 : 0,
    CpuQuota: cpuQuota,
    CpuRealtimePeriod: 0,
    CpuRealtimeRuntime: 0,
    CpusetCpus: '',
    CpusetMems: '',
    Devices: [],
    DiskQuota: 0,
    KernelMemory: 0,
    MemoryReservation: 0,
    // podman's default swap limit: as much swap as memory (memory + swap = twice the memory).
    MemorySwap: memory ? memory * 2 : 0,
    MemorySwappiness: memory ? -1 : 0,
    OomKillDisable: false,
    PidsLimit: extra.pidsLimit ?? ctx.config().containers.pidsLimit,
    // What the runtime got once started; before that, what was asked for.
    Ulimits: spec?.process?.rlimits
      ? spec.process.rlimits.map((limit) => ({
          Name: limit.type,
          Soft: limit.soft,
          Hard: limit.hard,
        }))
      : mergeUlimits(
          ctx.config().containers.defaultUlimits.map(parseUlimitSpec),
          extra.ulimits,
        ).map((limit) => ({
          Name: `RLIMIT_${limit.type.toUpperCase()}`,
          Soft: limit.soft,
          Hard: limit.hard,
        })),
    CpuCount: 0,
    CpuPercent: 0,
    IOMaximumIOps: 0,
    IOMaximumBandwidth: 0,
    CgroupConf: null,
    ...(extra.init !== undefined ? { Init: true } : {}),
  };
}

/** A -v SOURCE:DEST[:OPTIONS] as podman lists it in Binds (anonymous volumes are not listed). */
function bindOf(spec: string): string[] {
  const [source = '', dest, options = ''] = spec.split(':');
  if (dest === undefined) return [];
  const given = options === '' ? [] : options.split(',');
  const named = !source.startsWith('/') && !source.startsWith('.');
  const all = [...given];
  if (!given.includes('ro') && !given.includes('rw')) all.push('rw');
  if (!given.some((option) => /^r?(private|shared|slave)$/.test(option))) all.push('rprivate');
  if (named) all.push('nosuid', 'nodev');
  if (!given.includes('bind') && !given.includes('rbind')) all.push('rbind');
  return [`${source}:${dest}:${all.join(',')}`];
}
