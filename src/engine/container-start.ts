// Starts a created container: mounts its rootfs, writes its files and config.json, has conmon
// run `runtime create`, then runs `runtime start` itself. A foreground run attaches to conmon's
// socket before start so no output is lost.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { BerthError } from '../lib/berth-error.ts';
import { log, logLevel } from '../lib/log.ts';
import { parseUlimitSpec } from '../lib/ulimit-spec.ts';
import { ownStartTime, readProcessStat } from '../host/process-alive.ts';
import { join } from 'node:path';
import { executableAt } from '../host/find-executable.ts';
import { readRootfsFile } from '../host/rootfs-file.ts';
import { readProcessRlimits, clampUlimits, podmanDefaultUlimits } from '../host/rlimits.ts';
import { conmonCreateArgv } from '../runtime/conmon-args.ts';
import type { CgroupResources } from '../runtime/cgroup-v1-resources.ts';
import type { OciRuntime } from '../runtime/oci-runtime.ts';
import { currentRuntime, runtimeForContainer } from './container-runtime.ts';
import { attach, type Attachment, type AttachStreams } from '../runtime/attach-client.ts';
import { buildOciSpec, resolveUser, type ImageConfigSection } from '../spec/oci-spec.ts';
import { goArchName } from '../lib/version-report.ts';
import type { EngineContext } from './engine-context.ts';
import {
  containerHostname,
  containerPaths,
  readContainerConfig,
  readStateData,
  type ContainerConfig,
  type ContainerStateData,
  type ContainerStatus,
} from './container-model.ts';
import type { ContainerRecord } from '../storage/container-records.ts';
import { acquireLock, containerLockName } from './named-lock.ts';
import { currentContainer } from './container-state.ts';
import { mayAct } from './container-transitions.ts';
import { TeardownStack } from './teardown-stack.ts';
import { cleanupCommand, conmonEnv, guardedByWaitingClient } from './monitor-command.ts';
import { releaseRun } from './container-cleanup.ts';
import { writeContainerFiles } from './container-files.ts';
import { imageRunSection } from './image-run-config.ts';
import { volumeMounts } from './container-volumes.ts';
import {
  allocateEndpoints,
  attachEndpoints,
  checkPorts,
  containerNetworks,
  detachContainer,
} from './container-network.ts';
import { bindingPorts } from '../network/port-spec.ts';
import { loadSeccompProfile } from './seccomp-source.ts';
import { extraSpecInputs, mergeUlimits, resourceLimits } from './container-run-flags.ts';
import { runtimeFailure, runtimeMessage } from '../runtime/runtime-failure.ts';

export interface StartedContainer {
  runtime: OciRuntime;
  attachment: Attachment | undefined;
  /** Names this run: pass it to cleanupContainer so only this run is cleaned up. */
  runId: string;
}

export interface StartOptions {
  /** The restart policy (or boot recovery) starts it, not the user: a stop the user made meanwhile wins. */
  byPolicy?: boolean;
  /** Checked under the container's lock on its current record; false: do not start. */
  shouldStart?: (record: ContainerRecord) => boolean;
  /**
   * The caller waits for this run to end and cleans up after it (a foreground run). For a --rm
   * container, conmon's exit command then starts no berth process while that caller lives.
   */
  clientWaits?: boolean;
}

/**
 * Starts a created or exited container under its lock; undefined when there was nothing to do
 * (already running, or shouldStart said no). A start that fails half-way undoes what it did and
 * leaves the container as it found it.
 */
export async function startContainer(
  ctx: EngineContext,
  id: string,
  streams: AttachStreams | undefined,
  options: StartOptions = {},
): Promise<StartedContainer | undefined> {
  await using _lock = await acquireLock(ctx.state, containerLockName(id));
  let record = await currentContainer(ctx, id);
  if (options.shouldStart && !options.shouldStart(record)) return undefined;
  if (!mayAct('start', id, record.state)) return undefined;
  // The previous run ended but nobody has cleaned up after it yet: do it now, under this lock.
  if (readStateData(record.stateData, id).runId !== undefined) {
    await releaseRun(ctx, record);
    record = await currentContainer(ctx, id);
  }
  const undo = new TeardownStack();
  try {
    return await setUpRun(ctx, record, streams, options, undo);
  } catch (error) {
    await undo.unwind();
    const before = record;
    ctx.state.write(() => ctx.state.containers.updateState(id, before.state, before.stateData));
    throw error;
  }
}

async function setUpRun(
  ctx: EngineContext,
  record: ContainerRecord,
  streams: AttachStreams | undefined,
  options: StartOptions,
  undo: TeardownStack,
): Promise<StartedContainer> {
  const id = record.id;
  const config = readContainerConfig(record.config, id);
  const image = record.imageId ? ctx.state.images.get(record.imageId) : undefined;
  if (!image) throw new BerthError('NO_SUCH_IMAGE', `image of container ${id} is not known`);
  const paths = containerPaths(ctx.paths, id);
  const [runtimeChoice, conmon] = await Promise.all([currentRuntime(ctx), ctx.conmon()]);
  const runtime = await runtimeForContainer(ctx, id, runtimeChoice);

  const rootfs = await ctx.layers.mountContainerLayer(id);
  undo.push('rootfs mount', () => ctx.layers.unmountContainerLayer(id));
  const hostname = containerHostname(config, id);
  // The bindings create stored (host ports already assigned); none outside bridge mode.
  const ports = (config.ports ?? []).flatMap(bindingPorts);
  const networks = containerNetworks(ctx, config);
  if (networks.length > 0) await checkPorts(ports);
  const placed = networks.length > 0 ? allocateEndpoints(ctx, id, networks, ports, config) : {};
  if (placed.network) undo.push('network endpoints', () => detachContainer(ctx, id));
  const primary = networks[0];
  const bridge =
    primary && placed.network
      ? {
          ip: placed.network.ip,
          gateway: primary.gateway,
          ...(primary.dnsEnabled ? { dnsServer: primary.gateway } : {}),
        }
      : undefined;
  await writeContainerFiles(
    paths,
    { id, name: record.name, hostname },
    config.network.mode === 'container' ? 'none' : config.network.mode,
    bridge,
    config.netOptions,
  );
  await mkdir(paths.staticDir, { recursive: true, mode: 0o700 });
  await ctx.roles.mounts.mountShm(
    paths.shm,
    config.extra?.shmSizeBytes ?? defaultShmBytes(ctx.config().containers.shmSize),
  );
  undo.push('/dev/shm mount', () => ctx.roles.mounts.unmount(paths.shm));
  const spec = await renderSpec(ctx, {
    id,
    rootfs,
    hostname,
    config,
    imageConfig: imageRunSection(image.config),
    paths,
  });
  await writeFile(paths.configJson, JSON.stringify(spec));
  await runtime.prepareCgroups(id, (spec.linux.resources ?? {}) as CgroupResources);
  undo.push('cgroups', () => runtime.removeCgroups(id));
  await Promise.all([
    mkdir(paths.exitDir, { recursive: true }),
    mkdir(paths.persistDir, { recursive: true }),
  ]);
  await rm(paths.exitFile, { force: true }); // a restarted container's previous exit

  const runId = randomBytes(8).toString('hex');
  // Recorded before conmon exists: if this process is killed from here on, the next holder of the
  // lock finds the run id and reaps what it left (releaseRun); undo puts the record back.
  // Merged into the record as it is now: it already holds this start's network endpoints.
  ctx.state.write(() => {
    const now = ctx.state.containers.get(id);
    const data = readStateData(now?.stateData ?? record.stateData, id);
    ctx.state.containers.updateState(id, now?.state ?? record.state, {
      ...data,
      runId,
      starting: true,
    });
  });
  // --restart needs the exit command's berth (it applies the policy); --rm never has one.
  const clientMarker =
    options.clientWaits && config.autoRemove ? join(paths.bundle, 'client') : undefined;
  if (clientMarker) await writeFile(clientMarker, `${process.pid} ${ownStartTime()}\n`);
  // passthrough: the container's stdio is berth's own (a systemd unit's journal, say); nothing to attach to.
  const passthrough = config.extra?.logDriver === 'passthrough';
  const argv = conmonCreateArgv({
    conmonPath: conmon.path,
    ...runtime.createCommand(id),
    containerId: id,
    name: record.name,
    bundleDir: paths.bundle,
    containerPidFile: paths.pidFile,
    conmonPidFile: paths.conmonPidFile,
    exitDir: paths.exitDir,
    persistDir: paths.persistDir,
    logPath: config.extra?.logDriver === 'none' ? undefined : paths.logPath,
    passthrough,
    logSizeMaxBytes: -1,
    tty: config.tty,
    stdin: config.interactive,
    exitCommand: clientMarker
      ? guardedByWaitingClient(clientMarker, exitCommand(ctx, id, runId))
      : exitCommand(ctx, id, runId),
    logLevel: logLevel(),
  });
  const monitor = ctx.roles.monitor.spawn(argv, {
    cwd: paths.bundle,
    env: conmonEnv(ctx.options.env),
    inheritStdio: passthrough,
  });
  monitor.start();
  await monitor.parentExited;
  // From here the runtime may hold a container: killed and deleted if the rest fails.
  undo.push('runtime container', async () => {
    await runtime.kill(id, 9).catch(() => undefined);
    await runtime.delete(id);
  });
  const pid = syncPid(
    await monitor.firstSyncMessage.finally(() => monitor.release()),
    runtimeChoice.name,
  );
  const conmonPid =
    Number.parseInt(await readFile(paths.conmonPidFile, 'utf8').catch(() => ''), 10) || undefined;
  const conmonStartTime =
    conmonPid === undefined ? undefined : readProcessStat(conmonPid)?.startTime;
  const previous = readStateData(record.stateData, id);
  const restartCount = (previous.restartCount ?? 0) + (options.byPolicy ? 1 : 0);
  const base: ContainerStateData = {
    runId,
    pid,
    runtime: runtimeChoice,
    mountPoint: rootfs,
    ...(conmonPid ? { conmonPid } : {}),
    ...(conmonStartTime !== undefined ? { conmonStartTime } : {}),
    ...(restartCount ? { restartCount } : {}),
    ...placed,
  };
  setState(ctx, id, 'created', base);
  ctx.events().container('init', record);

  // Every network mode has a driver (none, host and container:ID set nothing up); a failure undoes itself.
  await attachEndpoints(ctx, id, pid);
  const attachment =
    streams && !passthrough ? await attach(paths.attachSocket, streams) : undefined;
  if (attachment) undo.push('attach', () => attachment.close());
  await runtime.start(id);
  setState(ctx, id, 'running', { ...base, startedAt: new Date().toISOString() });
  ctx.events().container('start', record);
  if (attachment) ctx.events().container('attach', record);
  await notifyRunning(ctx, config, conmonPid);
  return { runtime, attachment, runId };
}

/** --network container:ID: the other container's network namespace, which must be running. */
function joinedNetns(ctx: EngineContext, id: string): string {
  const record = ctx.state.containers.get(id);
  const pid =
    record && record.state === 'running' ? readStateData(record.stateData, id).pid : undefined;
  if (pid === undefined)
    throw new BerthError(
      'CONTAINER_STATE',
      `cannot join the network namespace of container ${id}: container is not running`,
    );
  return `/proc/${pid}/ns/net`;
}

/** Records the new run's state (under the container's lock). */
function setState(
  ctx: EngineContext,
  id: string,
  state: ContainerStatus,
  data: ContainerStateData,
): void {
  ctx.state.write(() => ctx.state.containers.updateState(id, state, data));
}

interface SpecSource {
  id: string;
  rootfs: string;
  hostname: string;
  config: ContainerConfig;
  imageConfig: ImageConfigSection;
  paths: ReturnType<typeof containerPaths>;
}

async function renderSpec(ctx: EngineContext, source: SpecSource) {
  const { config, imageConfig, paths } = source;
  const conf = ctx.config();
  const [passwd, group, limits] = await Promise.all([
    readRootfsFile(source.rootfs, '/etc/passwd'),
    readRootfsFile(source.rootfs, '/etc/group'),
    readProcessRlimits(),
  ]);
  const user = resolveUser(config.user ?? imageConfig.User, passwd, group);
  const extraMounts = await volumeMounts(ctx, config.volumes ?? [], source.rootfs, user);
  const extra = config.extra ?? {};
  const flags = await extraSpecInputs(extra);
  const configured = conf.containers.defaultUlimits.map(parseUlimitSpec);
  const { ulimits, clamps } = clampUlimits(
    mergeUlimits(configured.length > 0 ? configured : podmanDefaultUlimits(), extra.ulimits),
    limits,
  );
  for (const clamp of clamps)
    log.info(
      `ulimit ${clamp.type} clamped to ${clamp.applied.soft}:${clamp.applied.hard}: ${clamp.reason}`,
    );
  const spec = buildOciSpec({
    containerId: source.id,
    hostname: source.hostname,
    rootfsPath: source.rootfs,
    image: imageConfig,
    command: config.command,
    ...(config.entrypoint !== undefined ? { entrypoint: config.entrypoint } : {}),
    userEnv: config.env,
    hostEnv: ctx.options.env,
    httpProxy: conf.containers.httpProxy,
    defaultEnv: conf.containers.env,
    ...(config.workdir !== undefined ? { workdir: config.workdir } : {}),
    user,
    umask: Number.parseInt(conf.containers.umask, 8),
    tty: config.tty,
    capabilities: conf.containers.defaultCapabilities,
    capAdd: flags.capAdd,
    capDrop: flags.capDrop,
    privileged: flags.privileged,
    readOnly: flags.readOnly,
    readOnlyTmpfs: flags.readOnlyTmpfs,
    ...(flags.boundingSet ? { boundingSet: flags.boundingSet } : {}),
    ...(flags.devices ? { devices: flags.devices } : {}),
    ...(flags.stopSignal !== undefined ? { stopSignal: flags.stopSignal } : {}),
    autoRemove: config.autoRemove,
    rlimits: ulimits,
    pidsLimit: extra.pidsLimit ?? conf.containers.pidsLimit,
    // net.* sysctls belong to a network namespace of the container's own (podman skips them otherwise).
    sysctls:
      config.network.mode === 'host' || config.network.mode === 'container'
        ? {}
        : { 'net.ipv4.ping_group_range': '0 0' },
    files: {
      hosts: paths.hosts,
      resolvConf: paths.resolvConf,
      hostname: paths.hostname,
      containerEnv: paths.containerEnv,
      shm: paths.shm,
    },
    network:
      config.network.mode === 'container'
        ? { mode: 'path', path: joinedNetns(ctx, config.network.container) }
        : { mode: config.network.mode === 'host' ? 'host' : 'none' },
    seccomp: await loadSeccompProfile(conf, goArchName()),
    cgroupsPath: `/berth_parent/berth-${source.id}`,
    annotations: flags.annotations,
    noNewPrivileges: false,
    extraMounts: [...extraMounts, ...flags.tmpfsMounts],
    ...(extra.init
      ? { initPath: await initBinary(extra.init.path, conf.containers.initPath) }
      : {}),
    ...(config.publishAll ? { publishAll: true } : {}),
    createdAt: new Date().toISOString(),
  });
  if (spec.linux.resources) Object.assign(spec.linux.resources, resourceLimits(extra));
  return spec;
}

/**
 * --init's binary: --init-path as given, else containers.conf's init_path, else catatonit where
 * Debian installs it (podman's error when none is there).
 */
async function initBinary(explicit: string | undefined, configured: string): Promise<string> {
  const candidates =
    explicit !== undefined
      ? [explicit]
      : [configured, '/usr/libexec/podman/catatonit', '/usr/bin/catatonit'];
  for (const candidate of candidates) {
    if (await executableAt(candidate)) return candidate;
  }
  throw new BerthError(
    'INVALID_ARGUMENT',
    `container-init binary not found on the host: stat ${candidates[0]}: no such file or directory`,
  );
}

/** conmon's exit command: `berth … container cleanup --run-id RUN ID`. */
function exitCommand(ctx: EngineContext, id: string, runId: string): string[] {
  return cleanupCommand(ctx, ['--run-id', runId, id]);
}

/**
 * --sdnotify=conmon under a Type=notify unit: MAINPID (conmon, which stays in the unit's cgroup)
 * and READY=1 to $NOTIFY_SOCKET, as podman does. conmon never sees the socket (conmonEnv).
 */
async function notifyRunning(
  ctx: EngineContext,
  config: ContainerConfig,
  conmonPid: number | undefined,
): Promise<void> {
  const socket = ctx.options.env.NOTIFY_SOCKET;
  if (config.extra?.sdNotify !== 'conmon' || !socket) return;
  const { sdNotify } = await import('../runtime/sd-notify.ts');
  await sdNotify(socket, [...(conmonPid ? [`MAINPID=${conmonPid}`] : []), 'READY=1']).catch(
    (error: unknown) => log.warn(`sd_notify to ${socket}: ${String(error)}`),
  );
}

/** conmon's first sync message: `{"data": pid}` or `{"data": -1, "message": "<runtime stderr>"}`. */
function syncPid(message: unknown, runtimeName: string): number {
  const { data, message: text } = (message ?? {}) as { data?: unknown; message?: unknown };
  if (typeof data === 'number' && data > 0) return data;
  throw runtimeFailure(
    runtimeName,
    runtimeMessage(
      typeof text === 'string' ? text : 'the OCI runtime failed to create the container',
    ),
  );
}

/**
 * containers.conf's shm_size as podman 4.3.1 applies it: go-units FromHumanSize, decimal, so the
 * default "65536k" is 65536000 bytes (size=64000k in the container); --shm-size itself is binary.
 */
export function defaultShmBytes(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?$/i.exec(text.trim());
  if (!match) return 65_536_000;
  const unit = { '': 1, k: 1e3, m: 1e6, g: 1e9, t: 1e12 }[(match[2] ?? '').toLowerCase()] ?? 1;
  return Math.floor(Number(match[1]) * unit);
}
