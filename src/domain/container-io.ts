// The streams and call context of the container verbs that move bytes (run, start -a, attach,
// logs -f, export). The client owns its terminal and its signals: the engine reads and writes
// these streams and never touches the process's own stdio, raw mode or signal handlers.

/** A terminal's size in character cells. */
export interface TerminalSize {
  rows: number;
  columns: number;
}

/**
 * Registers a listener for the client's terminal size: called at once with the current size and
 * on every change, until the returned function is called.
 */
export type TerminalSizeSource = (listener: (size: TerminalSize) => void) => () => void;

/** For verbs that run until the client stops them. */
export interface CallContext {
  /** Aborting ends the call early: logs -f stops following, export stops, an attachment detaches. */
  signal?: AbortSignal;
}

/** What the client learns once its streams are joined to the container, before the engine waits. */
export interface AttachedSession {
  id: string;
  /** The streams are a terminal's (the container has a tty): the client may put its own in raw mode. */
  tty: boolean;
}

/**
 * The client's end of an attached container. The engine writes the container's output to stdout
 * and stderr, copies stdin to the container (when given and the container keeps its stdin open;
 * its end closes the container's stdin), and never ends the streams it is given.
 */
export interface AttachIo extends CallContext {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin?: NodeJS.ReadableStream;
  /** With a tty: the container's pty follows this size. Default: conmon's 80x24 is kept. */
  terminalSize?: TerminalSizeSource;
  /**
   * Called once attached (run: once started), before the wait. The client sets raw mode here and,
   * for --sig-proxy, forwards the signals it gets with `containers.kill` to `session.id`.
   */
  onAttached?: (session: AttachedSession) => void;
}
