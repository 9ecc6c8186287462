// Writes to conmon's ctl fifo: `1 <rows> <cols>\n` resizes the container's pty (reference/conmon.md §7).
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';

export async function resizeTerminal(
  ctlPath: string,
  rows: number,
  columns: number,
): Promise<void> {
  // Non-blocking: a dead conmon gives ENXIO instead of hanging the CLI.
  const handle = await open(ctlPath, constants.O_WRONLY | constants.O_NONBLOCK).catch(
    () => undefined,
  );
  if (!handle) return;
  try {
    await handle.write(`1 ${rows} ${columns}\n`);
  } finally {
    await handle.close();
  }
}
