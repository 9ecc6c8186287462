// Whether a process still exists (signal 0), and waiting for one to go. One place for the
// errno rule: EPERM means it exists but is not ours, ESRCH means it is gone.

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Polls until the process is gone or the timeout passes (no error either way). */
export async function waitForProcessExit(pid: number, timeoutMs: number, intervalMs = 25): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && processAlive(pid)) await new Promise((resolve) => setTimeout(resolve, intervalMs));
}
