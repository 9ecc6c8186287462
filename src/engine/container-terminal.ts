// The user's terminal while attached to a container with a tty (run -it, attach): raw mode, so
// keys (ctrl-p ctrl-q, ctrl-c) reach berth and the container as typed, and the window size sent
// through conmon's ctl fifo at once and on every SIGWINCH.
import { resizeTerminal } from '../runtime/ctl-fifo.ts';

/**
 * For -t on a terminal: raw mode (keys go to the container's pty as typed), the window size now
 * and on every SIGWINCH through conmon's ctl fifo. Returns the undo.
 */
export async function useTerminal(ctlFifo: string): Promise<() => void> {
  const stdin = process.stdin;
  const stdout = process.stdout;
  if (!stdin.isTTY) return () => undefined;
  const resize = () => void resizeTerminal(ctlFifo, stdout.rows ?? 24, stdout.columns ?? 80);
  resize();
  stdin.setRawMode(true);
  process.on('SIGWINCH', resize);
  return () => {
    process.off('SIGWINCH', resize);
    stdin.setRawMode(false);
  };
}

