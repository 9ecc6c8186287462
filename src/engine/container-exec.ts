// Exec sessions of a running container, as podman 4 keeps them: a session record (created →
// running → exited) in the state DB, and per session a dir in the container's bundle where its
// conmon binds the attach socket, makes the ctl fifo and writes the exit file. Starting one is
// exec-session-start.ts; this file creates, inspects, resizes, cleans up and removes.
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { BerthError } from '../lib/berth-error.ts';
import type { BerthPaths } from '../config/paths.ts';
import { readExitFile } from '../runtime/exit-file.ts';
import { resizeTerminal } from '../runtime/ctl-fifo.ts';
import type { ExecSessionRecord } from '../storage/exec-session-records.ts';
import type { ExecSessionReport } from '../domain/container-reports.ts';
import type { EngineContext } from './engine-context.ts';
import { containerPaths } from './container-model.ts';
import { currentContainer } from './container-state.ts';

export interface ExecRequest {
  command: string[];
  tty: boolean;
  interactive: boolean;
  env: string[];
  privileged: boolean;
  user?: string;
  workdir?: string;
}

/** Where a session's conmon keeps its files: `<bundle>/<session id>` as podman's execBundlePath. */
export function execSessionPaths(paths: BerthPaths, containerId: string, sessionId: string) {
  const dir = join(containerPaths(paths, containerId).bundle, sessionId);
  return {
    dir,
    attachSocket: join(dir, 'attach'),
    ctlFifo: join(dir, 'ctl'),
    pidFile: join(dir, 'exec_pid'),
    exitDir: join(dir, 'exit'),
    exitFile: join(dir, 'exit', containerId),
  };
}

/** A new session (state created) in a running container; returns its id. */
export async function createExecSession(
  ctx: EngineContext,
  containerId: string,
  request: ExecRequest,
): Promise<string> {
  await runningContainer(
    ctx,
    containerId,
    'can only create exec sessions on running containers: container state improper',
  );
  if (request.command.length === 0)
    throw new BerthError(
      'INVALID_ARGUMENT',
      'must provide a non-empty command to start an exec session: invalid argument',
    );
  const id = randomBytes(32).toString('hex');
  ctx.state.write(() =>
    ctx.state.execSessions.insert({
      id,
      containerId,
      command: request.command,
      env: request.env,
      tty: request.tty,
      interactive: request.interactive,
      privileged: request.privileged,
      user: request.user ?? null,
      workdir: request.workdir ?? null,
      state: 'created',
      pid: null,
      exitCode: null,
      created: new Date().toISOString(),
      started: null,
      finished: null,
    }),
  );
  return id;
}

/** The session, its state reconciled with the exit file conmon wrote; NO_SUCH_EXEC_SESSION if unknown. */
export async function execSession(
  ctx: EngineContext,
  sessionId: string,
): Promise<ExecSessionRecord> {
  const session = ctx.state.execSessions.get(sessionId);
  if (!session) throw noSuchSession(sessionId);
  if (session.state !== 'running') return session;
  const exitCode = await readExitFile(
    execSessionPaths(ctx.paths, session.containerId, sessionId).exitFile,
  );
  if (exitCode === undefined) return session;
  recordExit(ctx, sessionId, exitCode);
  return ctx.state.execSessions.get(sessionId) ?? session;
}

/** podman's InspectExecSession of the session. */
export async function execSessionReport(
  ctx: EngineContext,
  sessionId: string,
): Promise<ExecSessionReport> {
  const session = await execSession(ctx, sessionId);
  const [entrypoint = '', ...args] = session.command;
  return {
    ID: session.id,
    ContainerID: session.containerId,
    Running: session.state === 'running',
    Pid: session.pid ?? 0,
    ExitCode: session.exitCode ?? 0,
    State: session.state,
    CanRemove: session.state !== 'running',
    DetachKeys: '',
    OpenStdin: session.interactive,
    OpenStdout: true,
    OpenStderr: true,
    ProcessConfig: {
      arguments: args,
      entrypoint,
      privileged: session.privileged,
      tty: session.tty,
      user: session.user ?? '',
    },
  };
}

/** Marks the session exited with this status (the first report wins). */
export function recordExit(ctx: EngineContext, sessionId: string, exitCode: number): void {
  const exited = ctx.state.write(() =>
    ctx.state.execSessions.markExited(sessionId, exitCode, new Date().toISOString()),
  );
  if (exited) execDied(ctx, sessionId, exitCode);
}

/** podman's `exec_died` event for a session that ended with this status. */
export function execDied(ctx: EngineContext, sessionId: string, exitCode: number): void {
  const session = ctx.state.execSessions.get(sessionId);
  const container = session ? ctx.state.containers.get(session.containerId) : undefined;
  if (container)
    ctx.events().container('exec_died', container, { exitCode, attributes: { execID: sessionId } });
}

/** The running session's pty takes this size (conmon's ctl fifo). */
export async function resizeExecSession(
  ctx: EngineContext,
  sessionId: string,
  rows: number,
  columns: number,
): Promise<void> {
  const session = await execSession(ctx, sessionId);
  if (session.state !== 'running') {
    throw new BerthError(
      'CONTAINER_STATE',
      `cannot resize exec session ${sessionId}: it is not running: exec session state improper`,
    );
  }
  await resizeTerminal(
    execSessionPaths(ctx.paths, session.containerId, sessionId).ctlFifo,
    rows,
    columns,
  );
}

/**
 * conmon's exit command for a detached session (`container cleanup --exec SESSION CONTAINER`):
 * records the exit status and removes the session's dir, also when the record is gone. Idempotent.
 */
export async function cleanupExecSession(
  ctx: EngineContext,
  containerId: string,
  sessionId: string,
): Promise<void> {
  const session = ctx.state.execSessions.get(sessionId);
  const paths = execSessionPaths(ctx.paths, session?.containerId ?? containerId, sessionId);
  const exitCode = session ? await readExitFile(paths.exitFile) : undefined;
  if (exitCode !== undefined) recordExit(ctx, sessionId, exitCode);
  await rm(paths.dir, { recursive: true, force: true });
}

/** Drops a session that is not running, and its dir (podman's ExecRemove after a foreground exec). */
export async function removeExecSession(ctx: EngineContext, sessionId: string): Promise<void> {
  const session = ctx.state.execSessions.get(sessionId);
  if (!session) return;
  // The dir goes on the thread pool while the row goes on this thread.
  const removing = rm(execSessionPaths(ctx.paths, session.containerId, sessionId).dir, {
    recursive: true,
    force: true,
  });
  ctx.state.write(() => ctx.state.execSessions.delete(sessionId));
  await removing;
}

export async function runningContainer(ctx: EngineContext, containerId: string, improper: string) {
  const record = await currentContainer(ctx, containerId);
  if (record.state !== 'running') throw new BerthError('CONTAINER_STATE', improper);
  return record;
}

export function noSuchSession(sessionId: string): BerthError {
  return new BerthError(
    'NO_SUCH_EXEC_SESSION',
    `no exec session with ID ${sessionId} found: no such exec session`,
  );
}
