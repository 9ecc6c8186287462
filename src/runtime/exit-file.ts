// Reads the exit status conmon writes to <exit-dir>/<id> when a container's process ends.
import { readFile } from 'node:fs/promises';

/** The exit status in the file, or undefined while the container still runs. */
export async function readExitFile(path: string): Promise<number | undefined> {
  try {
    const text = (await readFile(path, 'utf8')).trim();
    const status = Number.parseInt(text, 10);
    return Number.isNaN(status) ? -1 : status;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Waits for the exit file to appear (polls: conmon writes it right after stdio closes). */
export async function waitForExitFile(
  path: string,
  timeoutMs = 60_000,
): Promise<number | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (let delayMs = 2; Date.now() < deadline; delayMs = Math.min(delayMs * 2, 100)) {
    const status = await readExitFile(path);
    if (status !== undefined) return status;
    await new Promise((resolveDelay) => setTimeout(resolveDelay, delayMs));
  }
  return undefined;
}
