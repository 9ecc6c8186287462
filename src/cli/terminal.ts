// berth's own terminal while attached to a container with a tty (run -it, attach): raw mode, so
// keys (ctrl-p ctrl-q, ctrl-c) reach berth and the container as typed, and the window size, now
// and on every SIGWINCH, for the engine to give the container's pty.
import { isatty } from 'node:tty';
import type { TerminalSizeSource } from '../domain/container-io.ts';

/** Whether berth's stdin is a terminal (asked of fd 0, so process.stdin is not created for it). */
export function stdinIsTerminal(): boolean {
  return isatty(0);
}

/** Raw mode on stdin when it is a terminal; returns the undo. */
export function useRawMode(): () => void {
  if (!stdinIsTerminal()) return () => undefined;
  process.stdin.setRawMode(true);
  return () => process.stdin.setRawMode(false);
}

/** The size of berth's terminal (stdout's; 80x24 when unknown), now and on every SIGWINCH. */
export const terminalSize: TerminalSizeSource = (listener) => {
  const report = () =>
    listener({ rows: process.stdout.rows ?? 24, columns: process.stdout.columns ?? 80 });
  report();
  process.on('SIGWINCH', report);
  return () => process.off('SIGWINCH', report);
};
