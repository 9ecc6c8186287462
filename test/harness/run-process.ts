// Spawns a program for the test harness and collects its output. Tests may spawn (the layer rule
// covers src/ only); this must never be imported from src/.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';

export interface RunOptions {
  /** Bytes written to stdin, which is then closed. Default: stdin is /dev/null. */
  input?: string | Buffer;
  /** SIGKILL the child after this many milliseconds. Default 60 000. */
  timeoutMs?: number;
  /** Full environment of the child. Default: process.env. */
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** How long stdout/stderr may stay open after the child exited. Default 3 000 ms. */
  stdioGraceMs?: number;
}

export interface RunResult {
  /** Exit status, 128+signal when killed by a signal. */
  status: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs argv to completion. Rejects when the program cannot start, when it times out, and when
 * its stdout/stderr stay open after it exited (a daemon it left behind inherited them: a user's
 * `$(berth run -d …)` would hang the same way).
 */
export function runProcess(argv: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const [file, ...args] = argv;
  if (file === undefined) return Promise.reject(new Error('runProcess: empty argv'));
  const timeoutMs = options.timeoutMs ?? 60_000;
  const graceMs = options.stdioGraceMs ?? 3_000;
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => err.push(chunk));
    let timedOut = false;
    let graceTimer: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    const text = () => ({
      stdout: Buffer.concat(out).toString(),
      stderr: Buffer.concat(err).toString(),
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`${file}: ${error.message}`, { cause: error }));
    });
    child.on('exit', () => {
      clearTimeout(timer);
      graceTimer = setTimeout(() => {
        child.stdout?.destroy();
        child.stderr?.destroy();
        const { stderr } = text();
        reject(
          new Error(
            `${argv.join(' ')}: stdout/stderr still open ${graceMs} ms after exit: a process it ` +
              `left running inherited them\nstderr: ${stderr}`,
          ),
        );
      }, graceMs);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (graceTimer) clearTimeout(graceTimer);
      const result = {
        status: code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0),
        ...text(),
      };
      if (timedOut) {
        reject(
          new Error(`${argv.join(' ')}: timed out after ${timeoutMs} ms\nstderr: ${result.stderr}`),
        );
        return;
      }
      resolve(result);
    });
    // A child that exits without reading its input must not crash the test with EPIPE.
    child.stdin?.on('error', () => undefined);
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

/** Runs argv and returns stdout; throws with stderr when the exit status is not 0. */
export async function runOk(argv: readonly string[], options: RunOptions = {}): Promise<string> {
  const result = await runProcess(argv, options);
  if (result.status !== 0) {
    throw new Error(
      `${argv.join(' ')}: exit status ${result.status}\n${result.stderr}${result.stdout}`,
    );
  }
  return result.stdout;
}
