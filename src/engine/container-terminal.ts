// A container's pty follows the client's terminal size through conmon's ctl fifo. The client's
// own terminal (raw mode, SIGWINCH) is the client's business: cli/ owns it.
import type { Attachment } from '../runtime/attach-client.ts';
import type { CallContext, TerminalSizeSource } from '../domain/container-io.ts';
import { resizeTerminal } from '../runtime/ctl-fifo.ts';

/** Resizes the pty to each size the source reports; returns the undo. */
export function followTerminalSize(
  ctlFifo: string,
  source: TerminalSizeSource | undefined,
): () => void {
  if (!source) return () => undefined;
  return source((size) => void resizeTerminal(ctlFifo, size.rows, size.columns));
}

/** The attachment's end, where an abort of the call counts as a detach (the client went away). */
export function attachmentFinished(
  attachment: Attachment,
  context: CallContext | undefined,
): Promise<'ended' | 'detached'> {
  const signal = context?.signal;
  if (!signal) return attachment.finished;
  if (signal.aborted) return Promise.resolve('detached');
  let onAbort: () => void = () => undefined;
  const aborted = new Promise<'detached'>((resolveAbort) => {
    onAbort = () => resolveAbort('detached');
    signal.addEventListener('abort', onAbort, { once: true });
  });
  return Promise.race([attachment.finished, aborted]).finally(() =>
    signal.removeEventListener('abort', onAbort),
  );
}
