// The CLI's end of an attached container (run, start -a, attach): berth's own stdio as the
// streams, raw mode and the window size for a tty, --sig-proxy through `containers.kill`; all of
// it undone when the session is disposed.
import type { Engine } from '../domain/engine.ts';
import type { AttachedSession, AttachIo } from '../domain/container-io.ts';
import { proxySignals } from './signal-proxy.ts';
import { stdinIsTerminal, terminalSize, useRawMode } from './terminal.ts';

export interface AttachSessionOptions {
  /** Copy berth's stdin to the container (-i; attach without --no-stdin). */
  stdin: boolean;
  /** For a container with a tty: raw mode and the window size (when stdin is a terminal). */
  terminal: boolean;
  /** --sig-proxy: SIGINT, SIGTERM and SIGHUP go to the container. */
  sigProxy: boolean;
}

export interface CliAttachSession extends Disposable {
  readonly io: AttachIo;
}

export function attachSession(engine: Engine, options: AttachSessionOptions): CliAttachSession {
  const undo: (() => void)[] = [];
  const onAttached = ({ id, tty }: AttachedSession): void => {
    if (options.terminal && tty) undo.push(useRawMode());
    if (options.sigProxy) {
      undo.push(
        proxySignals((signal) =>
          engine.containers.kill({ refs: [id], all: false, signal }).catch(() => undefined),
        ),
      );
    }
  };
  const io: AttachIo = {
    stdout: process.stdout,
    stderr: process.stderr,
    ...(options.stdin ? { stdin: process.stdin } : {}),
    ...(options.terminal && stdinIsTerminal() ? { terminalSize } : {}),
    onAttached,
  };
  return {
    io,
    [Symbol.dispose]: () => {
      for (const step of undo.reverse()) step();
      // Let the process end: a stdin that was read from holds the event loop open.
      if (options.stdin) process.stdin.pause();
    },
  };
}
