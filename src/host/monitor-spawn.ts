// Spawns a monitor process (conmon) with the OCI sync and start pipes on fds 3 and 4, as podman
// does, and reads the JSON sync messages. Knows nothing about containers: argv comes from runtime/.
import { spawn } from 'node:child_process';
import type { Duplex } from 'node:stream';
import { BerthError } from '../lib/berth-error.ts';
import { logSpawn } from './command.ts';

export interface MonitorSpawnOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Give conmon this process's stdin, stdout and stderr (log driver passthrough). */
  inheritStdio?: boolean;
}

export interface SpawnedMonitor {
  /** Resolves with the first JSON message conmon writes on the sync pipe. */
  firstSyncMessage: Promise<unknown>;
  /** Resolves when the spawned (pre-daemonize) process exits; rejects on non-zero status. */
  parentExited: Promise<void>;
  /** Lets conmon go on (writes the start byte); call once the cgroup placement, if any, is done. */
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
    env: { ...options.env, _OCI_SYNCPIPE: '3', _OCI_STARTPIPE: '4' },
    stdio: options.inheritStdio ? ['inherit', 'inherit', 'inherit', 'pipe', 'pipe'] : ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'],
  });
  const sync = child.stdio[3] as Duplex;
  const startPipe = child.stdio[4] as Duplex;
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

  const firstSyncMessage = new Promise<unknown>((resolvePromise, reject) => {
    let buffered = '';
    sync.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const newline = buffered.indexOf('\n');
      if (newline < 0) return;
      try {
        resolvePromise(JSON.parse(buffered.slice(0, newline)));
      } catch (error) {
        reject(
          new BerthError(
            'INTERNAL',
            `conmon sent an unreadable sync message: ${buffered.slice(0, newline)}`,
            { cause: error },
          ),
        );
      }
    });
    sync.on('error', () => undefined);
    sync.on('close', () =>
      reject(
        new BerthError(
          'HOST_COMMAND_FAILED',
          `conmon exited before reporting: ${Buffer.concat(stderr).toString().trim() || 'no message'}`,
        ),
      ),
    );
  });
  startPipe.on('error', () => undefined);

  return {
    firstSyncMessage,
    parentExited,
    start: () => startPipe.write(Buffer.from([0])),
    release: () => {
      sync.destroy();
      startPipe.destroy();
      child.stderr?.destroy();
      child.unref();
    },
  };
}
