// kill -9 of a berth command at a chosen moment: the fault tests' one way to stop berth half-way.
import { spawn } from 'node:child_process';
import { berthBin, type BerthEnv } from './berth-env.ts';

/** Starts `berth ARGS` in env, sends SIGKILL after delayMs (unless it ended), and waits for it to be gone. */
export async function killBerthAfter(
  env: BerthEnv,
  args: readonly string[],
  delayMs: number,
): Promise<void> {
  const child = spawn(process.execPath, [berthBin, ...env.globalArgs, ...args], {
    env: env.env,
    stdio: 'ignore',
  });
  await new Promise((resolve) => setTimeout(resolve, delayMs));
  const exited =
    child.exitCode !== null
      ? Promise.resolve()
      : new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}
