// Spawns a monitor process (conmon) with the OCI sync and start pipes on fds 3 and 4 (and, for an
// exec session, the attach pipe on fd 5), as podman does, and reads the JSON sync messages. Knows
// nothing about containers: argv comes from runtime/.
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import type { Duplex } from 'node:stream';
import { BerthError } from '../lib/berth-error.ts';
import { logSpawn } from './command.ts';
import { isProcessLive, waitForProcessExit } from './process-alive.ts';

export interface MonitorSpawnOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Give conmon this process's stdin, stdout and stderr (log driver passthrough). */
  inheritStdio?: boolean;
  /** conmon --exec-attach: a third pipe (fd 5, _OCI_ATTACHPIPE) on which conmon says its attach socket listens. */
  attachPipe?: boolean;
}

export interface SpawnedMonitor {
  /** Resolves with the first JSON message conmon writes on the sync pipe. */
  firstSyncMessage: Promise<unknown>;
  /** The next message after the first (an exec session's exit status); rejects if conmon closes the pipe first. */
  nextSyncMessage(): Promise<unknown>;
  /** With attachPipe: conmon's message that the attach socket listens (`{"data": 0}`). */
  attachReady?: Promise<unknown>;
  /** Resolves when the spawned (pre-daemonize) process exits; rejects on non-zero status. */
  parentExited: Promise<void>;
  /** Lets conmon go on (writes a start byte); call once the cgroup placement, if any, is done. An exec with attach reads a second one before it runs the runtime. */
  start(): void;
  /** Drops berth's ends of the pipes so this process can exit while conmon lives on. */
  release(): void;
}

export function spawnMonitor(
  argv: readonly string[],
  options: MonitorSpawnOptions,
): SpawnedMonitor {
  const [file, ...args] = argv;
  if (file === undefined)
    throw new BerthError('INTERNAL', 'spawnMonitor called with an empty argv');
  const started = performance.now();
  const child = spawn(file, args, {
    cwd: options.cwd,
    env: {
      ...options.env,
      _OCI_SYNCPIPE: '3',
      _OCI_STARTPIPE: '4',
      ...(options.attachPipe ? { _OCI_ATTACHPIPE: '5' } : {}),
    },
    stdio: [
      ...(options.inheritStdio
        ? (['inherit', 'inherit', 'inherit'] as const)
        : (['ignore', 'ignore', 'pipe'] as const)),
      'pipe',
      'pipe',
      ...(options.attachPipe ? (['pipe'] as const) : []),
    ],
  });
  const sync = child.stdio[3] as Duplex;
  const startPipe = child.stdio[4] as Duplex;
  const attachPipe = options.attachPipe
    ? ((child.stdio as readonly unknown[])[5] as Duplex)
    : undefined;
  const stderr: Buffer[] = [];
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));

  const parentExited = new Promise<void>((resolvePromise, reject) => {
    child.on('error', (error) =>
      reject(
        new BerthError('CONMON_UNAVAILABLE', `conmon: ${error.message}`, {
          hint: 'install conmon (apt-get install conmon)',
        }),
      ),
    );
    child.on('exit', (code) => {
      logSpawn(argv, started, code ?? -1);
      if (code === 0) resolvePromise();
      else
        reject(
          new BerthError(
            'HOST_COMMAND_FAILED',
            `conmon failed: exit status ${code}: ${Buffer.concat(stderr).toString().trim()}`,
          ),
        );
    });
  });

  const syncMessages = jsonMessages(
    sync,
    () =>
      `conmon exited before reporting: ${Buffer.concat(stderr).toString().trim() || 'no message'}`,
  );
  const firstSyncMessage = syncMessages.next();
  const attachReady = attachPipe
    ? jsonMessages(attachPipe, () => 'conmon exited before its attach socket was ready').next()
    : undefined;
  startPipe.on('error', () => undefined);

  return {
    firstSyncMessage,
    nextSyncMessage: () => syncMessages.next(),
    ...(attachReady ? { attachReady } : {}),
    parentExited,
    start: () => startPipe.write(Buffer.from([0])),
    release: () => {
      sync.destroy();
      startPipe.destroy();
      attachPipe?.destroy();
      child.stderr?.destroy();
      child.unref();
    },
  };
}

/**
 * Reads newline-terminated JSON messages from a conmon pipe, in order: each next() resolves with
 * the following message, or rejects once the pipe closed before it came (message from closedMessage).
 */
function jsonMessages(stream: Duplex, closedMessage: () => string): { next(): Promise<unknown> } {
  const messages: unknown[] = [];
  const waiting: { resolve: (message: unknown) => void; reject: (error: Error) => void }[] = [];
  let failure: BerthError | undefined;
  let buffered = '';
  const fail = (error: BerthError) => {
    failure ??= error;
    for (const waiter of waiting.splice(0)) waiter.reject(failure);
  };
  stream.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    for (let newline = buffered.indexOf('\n'); newline >= 0; newline = buffered.indexOf('\n')) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      let message: unknown;
      try {
        message = JSON.parse(line);
      } catch (error) {
        fail(
          new BerthError('INTERNAL', `conmon sent an unreadable sync message: ${line}`, {
            cause: error,
          }),
        );
        return;
      }
      const waiter = waiting.shift();
      if (waiter) waiter.resolve(message);
      else messages.push(message);
    }
  });
  stream.on('error', () => undefined);
  stream.on('close', () => fail(new BerthError('HOST_COMMAND_FAILED', closedMessage())));
  return {
    next: () => {
      if (messages.length > 0) return Promise.resolve(messages.shift());
      if (failure) return Promise.reject(failure);
      return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
    },
  };
}

/**
 * SIGKILL to the conmon whose pid pidFile holds, when that process is alive and is conmon for
 * containerId (its command line says so: a reused pid is left alone). Waits until it is gone.
 */
export async function killMonitorOf(pidFile: string, containerId: string): Promise<void> {
  const pid = Number.parseInt(await readFile(pidFile, 'utf8').catch(() => ''), 10);
  if (!Number.isInteger(pid) || pid <= 0 || !isProcessLive(pid)) return;
  const argv = (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).split('\0');
  if (!(argv[0] ?? '').endsWith('conmon') || !argv.includes(containerId)) return;
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    return;
  }
  await waitForProcessExit(pid, 2_000, 10);
}
