// Starts an exec session through conmon, as podman 4 does (reference/conmon.md §8): conmon -e
// --exec-attach binds the session's attach socket and says so on the attach pipe; berth sizes the
// pty, attaches the caller's streams, then lets conmon run `runtime exec --detach`. The exit status
// comes on the sync pipe (else the exit file). Never touches this process's own stdio.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { BerthError, isBerthError } from '../lib/berth-error.ts';
import { logLevel } from '../lib/log.ts';
import type { SpawnedMonitor } from '../host/monitor-spawn.ts';
import { readRootfsFile } from '../host/rootfs-file.ts';
import { readBoundingSetMask } from '../host/privileged-host.ts';
import { conmonExecArgv } from '../runtime/conmon-args.ts';
import { attach, preloadAttach, type Attachment } from '../runtime/attach-client.ts';
import { resizeTerminal } from '../runtime/ctl-fifo.ts';
import { waitForExitFile } from '../runtime/exit-file.ts';
import { runtimeFailure, runtimeMessage } from '../runtime/runtime-failure.ts';
import { execProcess } from '../spec/exec-process.ts';
import { knownCapabilities } from '../spec/resolve-capabilities.ts';
import { resolveUser, type OciProcess } from '../spec/oci-spec.ts';
import type { ExecStreams } from '../domain/container-reports.ts';
import type { ContainerRecord } from '../storage/container-records.ts';
import type { ExecSessionRecord } from '../storage/exec-session-records.ts';
import type { EngineContext } from './engine-context.ts';
import { containerPaths, readContainerConfig, readStateData } from './container-model.ts';
import { runtimeForContainer } from './container-runtime.ts';
import { acquireLock, containerLockName } from './named-lock.ts';
import { cleanupCommand, conmonEnv } from './monitor-command.ts';
import { syncContainer } from './container-state.ts';
import {
  execDied,
  execSessionPaths,
  noSuchSession,
  recordExit,
  removeExecSession,
  runningContainer,
} from './container-exec.ts';

type SessionPaths = ReturnType<typeof execSessionPaths>;

/**
 * The session's exit status; undefined when started without streams or the caller detached.
 * removeWhenDone (a foreground `exec`): a session that ended or could not start is dropped, not
 * recorded as exited (one database write less on the way out).
 */
export async function startExecSession(
  ctx: EngineContext,
  sessionId: string,
  streams: ExecStreams | undefined,
  options: { removeWhenDone?: boolean } = {},
): Promise<number | undefined> {
  const session = ctx.state.execSessions.get(sessionId);
  if (!session) throw noSuchSession(sessionId);
  if (session.state !== 'created') {
    throw new BerthError(
      'CONTAINER_STATE',
      `exec session ${sessionId} has already been started: exec session state improper`,
    );
  }
  const paths = execSessionPaths(ctx.paths, session.containerId, sessionId);
  let monitor: SpawnedMonitor | undefined;
  let started: { pid: number; attachment: Attachment | undefined };
  let container: ContainerRecord;
  try {
    // Under the container's lock until the process runs: a concurrent stop or rm sees it, or it sees them.
    await using _lock = await acquireLock(ctx.state, containerLockName(session.containerId));
    container = await runningContainer(
      ctx,
      session.containerId,
      'can only start exec sessions when their container is running: container state improper',
    );
    const spawned = await spawnSessionMonitor(ctx, session, container, paths, streams);
    monitor = spawned.monitor;
    started = await handshake(monitor, paths, session, streams, spawned);
  } catch (error) {
    monitor?.release();
    await endSession(ctx, sessionId, isBerthError(error) ? error.exitStatus : 125, options);
    throw await exitedMeanwhile(ctx, session.containerId, error);
  }
  ctx.state.write(() =>
    ctx.state.execSessions.markRunning(sessionId, started.pid, new Date().toISOString()),
  );
  ctx.events().container('exec', container, { attributes: { execID: sessionId } });
  const { attachment } = started;
  if (!attachment) {
    monitor.release();
    return undefined;
  }
  try {
    const exitCode = await followAttached(monitor, attachment, paths, session, streams);
    if (exitCode === undefined) return undefined;
    await endSession(ctx, sessionId, exitCode, options);
    return exitCode;
  } finally {
    monitor.release();
  }
}

/**
 * A session that ended (or could not start) under its waiter: recorded as exited, or dropped with
 * removeWhenDone; its dir goes now (conmon has written all it writes, and there is no exit command
 * to do it, see exitCommand). Where podman emits `exec_died` (recordExit says so too).
 */
async function endSession(
  ctx: EngineContext,
  sessionId: string,
  exitCode: number,
  options: { removeWhenDone?: boolean },
): Promise<void> {
  if (options.removeWhenDone) {
    execDied(ctx, sessionId, exitCode);
    return removeExecSession(ctx, sessionId);
  }
  const session = ctx.state.execSessions.get(sessionId);
  recordExit(ctx, sessionId, exitCode);
  if (session)
    await rm(execSessionPaths(ctx.paths, session.containerId, sessionId).dir, {
      recursive: true,
      force: true,
    });
}

/**
 * Spawns the session's conmon, which waits for the start bytes, and writes the process spec
 * meanwhile: the runtime reads it only after the second start byte (specWritten must settle first).
 */
async function spawnSessionMonitor(
  ctx: EngineContext,
  session: ExecSessionRecord,
  container: ContainerRecord,
  paths: SessionPaths,
  streams: ExecStreams | undefined,
): Promise<{ monitor: SpawnedMonitor; runtimeName: string; specWritten: Promise<void> }> {
  const specPath = join(paths.dir, `exec-process-${randomBytes(6).toString('hex')}`);
  const [runtime, conmon] = await Promise.all([
    runtimeForContainer(ctx, session.containerId),
    ctx.conmon(),
    mkdir(paths.exitDir, { recursive: true, mode: 0o700 }),
  ]);
  // The pty starts at the caller's size (OCI consoleSize): a resize sent later could reach conmon
  // only after the command already asked for it.
  const size = session.tty ? streams?.terminal?.size : undefined;
  const specWritten = processSpec(ctx, session, container).then((spec) =>
    writeFile(
      specPath,
      JSON.stringify(
        size ? { ...spec, consoleSize: { height: size.rows, width: size.columns } } : spec,
      ),
    ),
  );
  specWritten.catch(() => undefined);
  const argv = conmonExecArgv({
    conmonPath: conmon.path,
    ...runtime.execCommand(session.containerId),
    containerId: session.containerId,
    sessionId: session.id,
    name: container.name,
    sessionDir: paths.dir,
    pidFile: paths.pidFile,
    exitDir: paths.exitDir,
    processSpecPath: specPath,
    tty: session.tty,
    stdin: session.interactive && streams?.stdin !== undefined,
    exitCommand: streams ? [] : exitCommand(ctx, session),
    logLevel: logLevel(),
  });
  const monitor = ctx.roles.monitor.spawn(argv, {
    cwd: paths.dir,
    env: conmonEnv(ctx.options.env),
    attachPipe: true,
  });
  return { monitor, runtimeName: basename(runtime.path), specWritten };
}

/**
 * conmon's exec handshake: start byte, "attach socket listens", initial pty size, attach, second
 * start byte, then the exec'd process's pid (or the runtime's error) on the sync pipe.
 */
async function handshake(
  monitor: SpawnedMonitor,
  paths: SessionPaths,
  session: ExecSessionRecord,
  streams: ExecStreams | undefined,
  { runtimeName, specWritten }: { runtimeName: string; specWritten: Promise<void> },
) {
  // Every failure surfaces through the promise awaited next; none may go unhandled meanwhile.
  monitor.parentExited.catch(() => undefined);
  monitor.firstSyncMessage.catch(() => undefined);
  monitor.start();
  // Loading the socket binding costs the CPU ~10 ms: now, while conmon sets up, not after.
  if (streams) preloadAttach();
  // If conmon failed, its own exit status and stderr say more than the closed attach pipe.
  await monitor.attachReady?.catch(async (error: unknown) => {
    await monitor.parentExited;
    throw error;
  });
  const size = streams?.terminal?.size;
  if (session.tty && size) await resizeTerminal(paths.ctlFifo, size.rows, size.columns);
  const attachment = streams
    ? await attach(paths.attachSocket, {
        stdout: streams.stdout,
        stderr: streams.stderr,
        ...(session.interactive && streams.stdin ? { stdin: streams.stdin } : {}),
        ...(streams.detachKeys ? { detachKeys: streams.detachKeys } : {}),
      })
    : undefined;
  try {
    await specWritten;
    monitor.start();
    await monitor.parentExited;
    return { pid: execPid(await monitor.firstSyncMessage, runtimeName), attachment };
  } catch (error) {
    attachment?.close();
    throw error;
  }
}

/** Copies until the process ends (its exit status) or the caller detaches (undefined). */
async function followAttached(
  monitor: SpawnedMonitor,
  attachment: Attachment,
  paths: SessionPaths,
  session: ExecSessionRecord,
  streams: ExecStreams | undefined,
): Promise<number | undefined> {
  const stopResizing = session.tty
    ? streams?.terminal?.onResize(
        (size) => void resizeTerminal(paths.ctlFifo, size.rows, size.columns),
      )
    : undefined;
  try {
    if ((await attachment.finished) === 'detached') {
      attachment.close();
      return undefined;
    }
  } finally {
    stopResizing?.();
  }
  // conmon sends the exit status on the sync pipe as it writes the exit file; the file is the fallback.
  const reported = await monitor.nextSyncMessage().then(syncData, () => undefined);
  return reported ?? (await waitForExitFile(paths.exitFile, 5_000)) ?? -1;
}

/** The container's process with the session's argv, env, user, cwd and capabilities. */
async function processSpec(
  ctx: EngineContext,
  session: ExecSessionRecord,
  container: ContainerRecord,
): Promise<OciProcess> {
  const spec = JSON.parse(
    await readFile(containerPaths(ctx.paths, container.id).configJson, 'utf8'),
  ) as { process: OciProcess };
  const rootfs = readStateData(container.stateData, container.id).mountPoint ?? '';
  const user =
    session.user === null
      ? undefined
      : resolveUser(
          session.user,
          await readRootfsFile(rootfs, '/etc/passwd'),
          await readRootfsFile(rootfs, '/etc/group'),
        );
  const mask = session.privileged ? await readBoundingSetMask() : 0n;
  return execProcess(spec.process, {
    command: session.command,
    tty: session.tty,
    env: session.env,
    hostEnv: ctx.options.env,
    ...(session.workdir !== null ? { workdir: session.workdir } : {}),
    ...(user ? { user } : {}),
    asContainerUser:
      session.user === null ||
      session.user === readContainerConfig(container.config, container.id).user,
    ...(session.privileged
      ? { privilegedCapabilities: knownCapabilities.filter((_, bit) => (mask >> BigInt(bit)) & 1n) }
      : {}),
  });
}

/**
 * conmon's exit command, `berth … container cleanup --exec SESSION CONTAINER` as podman's, for a
 * session nobody waits for (-d): it records the exit and removes the session's dir. An attached
 * session's waiter does both itself, so it gets none: the command is a whole berth process, ~60 ms
 * of CPU after every exec. If the waiter goes first (detach keys, killed), the exit file still
 * tells the state (execSession) and the dir goes with the container.
 */
function exitCommand(ctx: EngineContext, session: ExecSessionRecord): string[] {
  return cleanupCommand(ctx, ['--exec', session.id, session.containerId]);
}

function syncData(message: unknown): number | undefined {
  const data = (message as { data?: unknown } | null)?.data;
  return typeof data === 'number' ? data : undefined;
}

/** `{"data": pid}`, or `{"data": -N, "message": "<runtime stderr>"}` when the runtime could not exec. */
function execPid(message: unknown, runtimeName: string): number {
  const data = syncData(message);
  if (data !== undefined && data > 0) return data;
  const text = (message as { message?: unknown } | null)?.message;
  throw runtimeFailure(
    runtimeName,
    runtimeMessage(
      typeof text === 'string' ? text : 'the OCI runtime failed to run the exec session',
    ),
  );
}

/**
 * The container's process ended between the state check and the runtime's exec (it was not
 * stopped: it exited on its own): podman's state error then, not the runtime's words.
 */
async function exitedMeanwhile(
  ctx: EngineContext,
  containerId: string,
  error: unknown,
): Promise<unknown> {
  if (isBerthError(error) && error.code === 'CONTAINER_STATE') return error;
  const stored = ctx.state.containers.get(containerId);
  const now = stored ? await syncContainer(ctx, stored) : undefined;
  if (now?.state === 'running') return error;
  return new BerthError(
    'CONTAINER_STATE',
    'can only create exec sessions on running containers: container state improper',
    { cause: error },
  );
}
