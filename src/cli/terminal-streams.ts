// This process's stdio as an exec session's streams: stdin only when the process reads it, and for
// -t the window size (now and on every SIGWINCH) plus raw mode while attached, so keys (ctrl-c,
// the detach keys) reach the container as typed. The one place a command touches the terminal.
import type { ExecStreams, TerminalSize } from '../domain/container-reports.ts';

export interface TerminalStreams {
  streams: ExecStreams;
  /** Leaves raw mode and stops reading stdin. Idempotent. */
  restore(): void;
}

export function terminalStreams(options: {
  tty: boolean;
  interactive: boolean;
  detachKeys?: Buffer;
}): TerminalStreams {
  // process.stdin is made on first use (a few ms): only for a process that reads it.
  const { stdout, stderr } = process;
  const stdin = options.interactive ? process.stdin : undefined;
  const streams: ExecStreams = { stdout, stderr };
  if (stdin) streams.stdin = stdin;
  if (options.detachKeys) streams.detachKeys = options.detachKeys;
  if (options.tty && stdout.isTTY) {
    const size = (): TerminalSize => ({ rows: stdout.rows, columns: stdout.columns });
    streams.terminal = {
      size: size(),
      onResize: (listener) => {
        const onWinch = () => listener(size());
        process.on('SIGWINCH', onWinch);
        return () => process.off('SIGWINCH', onWinch);
      },
    };
  }
  const raw = options.tty && stdin?.isTTY === true;
  if (raw) stdin?.setRawMode(true);
  let restored = false;
  return {
    streams,
    restore: () => {
      if (restored) return;
      restored = true;
      if (raw) stdin?.setRawMode(false);
      stdin?.pause();
    },
  };
}
