// The one place berth spawns external programs and waits for them. Every call is logged at
// debug level with its argv and duration. Long-lived children (conmon) are spawned elsewhere
// in host/ but still log through `logSpawn`.
import { spawn, type StdioOptions } from 'node:child_process';
import { open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { constants } from 'node:os';
import { BerthError } from '../lib/berth-error.ts';
import { log } from '../lib/log.ts';

export interface CommandOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Bytes written to the child's stdin, which is then closed. Default: stdin is /dev/null. */
  input?: string | Buffer;
  /** Resolve with the result instead of throwing when the exit status is not 0. */
  allowFailure?: boolean;
  /** Kill the child (SIGKILL) after this many milliseconds. */
  timeoutMs?: number;
}

export interface CommandResult {
  /** Exit status, or 128+signal when killed by a signal, or -1 when it could not start. */
  status: number;
  stdout: string;
  stderr: string;
}

export function logSpawn(argv: readonly string[], startedMs: number, status: number): void {
  log.debug(
    `ran ${argv.join(' ')} -> ${status} in ${(performance.now() - startedMs).toFixed(1)} ms`,
  );
}

/** Runs argv to completion and returns its output; throws HOST_COMMAND_FAILED on failure. */
export function runCommand(
  argv: readonly string[],
  options: CommandOptions = {},
): Promise<CommandResult> {
  const [file, ...args] = argv;
  if (file === undefined) throw new BerthError('INTERNAL', 'runCommand called with an empty argv');
  const started = performance.now();
  const stdio: StdioOptions = [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'];
  return new Promise((resolvePromise, reject) => {
    const child = spawn(file, args, { cwd: options.cwd, env: options.env ?? process.env, stdio });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => err.push(chunk));
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (timer) clearTimeout(timer);
      logSpawn(argv, started, -1);
      if (options.allowFailure) {
        resolvePromise({ status: -1, stdout: '', stderr: error.message });
        return;
      }
      reject(
        new BerthError(
          'HOST_COMMAND_FAILED',
          `${file}: ${error.code === 'ENOENT' ? 'executable file not found in $PATH' : error.message}`,
          {
            cause: error,
          },
        ),
      );
    });
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      const status = code ?? (signal ? 128 + signalNumber(signal) : -1);
      logSpawn(argv, started, status);
      const result = {
        status,
        stdout: Buffer.concat(out).toString(),
        stderr: Buffer.concat(err).toString(),
      };
      if (status !== 0 && !options.allowFailure) {
        const detail = result.stderr.trim() || result.stdout.trim();
        reject(
          new BerthError(
            'HOST_COMMAND_FAILED',
            `${argv.join(' ')}: exit status ${status}${detail ? `: ${detail}` : ''}`,
          ),
        );
        return;
      }
      resolvePromise(result);
    });
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

function signalNumber(signal: NodeJS.Signals): number {
  return constants.signals[signal] ?? 0;
}

export interface ForegroundResult {
  status: number;
  /** stderr lines matching `holdBack` (not passed through to ours). */
  heldBack: string[];
}

/**
 * Runs argv attached to our terminal or pipes (stdin and stdout inherited, stderr passed through
 * except lines matching `holdBack`, the runtime's own log lines), for `exec`.
 */
export function runForeground(
  argv: readonly string[],
  options: { stdin: boolean; holdBack?: RegExp },
): Promise<ForegroundResult> {
  const [file, ...args] = argv;
  if (file === undefined)
    throw new BerthError('INTERNAL', 'runForeground called with an empty argv');
  const started = performance.now();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(file, args, {
      stdio: [options.stdin ? 'inherit' : 'ignore', 'inherit', 'pipe'],
    });
    const heldBack: string[] = [];
    child.stderr?.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      if (!options.holdBack?.test(text)) {
        process.stderr.write(chunk);
        return;
      }
      for (const line of text.split(/(?<=\n)/)) {
        if (options.holdBack.test(line)) heldBack.push(line.trimEnd());
        else process.stderr.write(line);
      }
    });
    child.on('error', (error) =>
      reject(new BerthError('HOST_COMMAND_FAILED', `${file}: ${error.message}`, { cause: error })),
    );
    child.on('close', (code, signal) => {
      const status = code ?? (signal ? 128 + signalNumber(signal) : -1);
      logSpawn(argv, started, status);
      resolvePromise({ status, heldBack });
    });
  });
}

/**
 * Runs a command that leaves a process behind (`runtime exec --detach`): its stdout is /dev/null
 * and its stderr a temporary file, never pipes. A process the runtime detached keeps those fds,
 * and crun's detached process dies when they are pipes that close. Throws with stderr on failure.
 */
export async function runDetaching(argv: readonly string[], tmpDir: string): Promise<void> {
  const [file, ...args] = argv;
  if (file === undefined)
    throw new BerthError('INTERNAL', 'runDetaching called with an empty argv');
  const started = performance.now();
  const errPath = join(tmpDir, `stderr-${process.pid}-${Date.now()}`);
  const errFile = await open(errPath, 'w+', 0o600);
  try {
    const status = await new Promise<number>((resolvePromise, reject) => {
      const child = spawn(file, args, { stdio: ['ignore', 'ignore', errFile.fd] });
      child.on('error', (error) =>
        reject(
          new BerthError('HOST_COMMAND_FAILED', `${file}: ${error.message}`, { cause: error }),
        ),
      );
      child.on('exit', (code, signal) =>
        resolvePromise(code ?? (signal ? 128 + signalNumber(signal) : -1)),
      );
    });
    logSpawn(argv, started, status);
    if (status !== 0) {
      const detail = (await readFile(errPath, 'utf8')).trim();
      throw new BerthError(
        'HOST_COMMAND_FAILED',
        `${argv.join(' ')}: exit status ${status}${detail ? `: ${detail}` : ''}`,
      );
    }
  } finally {
    await errFile.close();
    await rm(errPath, { force: true });
  }
}
