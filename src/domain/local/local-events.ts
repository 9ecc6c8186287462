// `events`: reads the engine's event log through the user's filters, then (streaming) follows it
// until --until passes or the caller aborts. The CLI owns the signal; this owns the policy.
import { nowNs } from '../../lib/go-time.ts';
import type { EngineContext } from '../../engine/engine-context.ts';
import type { EngineEvent, EventsOptions } from '../system-reports.ts';
import { eventSelection } from './event-filter.ts';

/** setTimeout's limit; a later --until just follows until aborted. */
const maxTimerMs = 2 ** 31 - 1;

export async function localEvents(
  ctx: EngineContext,
  options: EventsOptions,
  emit: (event: EngineEvent) => void,
  signal: AbortSignal,
): Promise<void> {
  const now = nowNs();
  const selection = eventSelection(options.filters, options.since, options.until, now);
  // As podman: a time bound or --stream=false reads the log from its start, else only new events.
  const fromStart = options.since !== undefined || options.until !== undefined || !options.stream;
  const follow = options.stream && (selection.untilNs === undefined || selection.untilNs > now);
  const stop = new AbortController();
  const abort = () => stop.abort();
  signal.addEventListener('abort', abort);
  const timer =
    follow && selection.untilNs !== undefined
      ? setTimeout(abort, Math.min(maxTimerMs, Number((selection.untilNs - now) / 1_000_000n)))
      : undefined;
  try {
    if (signal.aborted) stop.abort();
    await ctx.events().read({ fromStart, follow, signal: stop.signal }, (event) => {
      if (selection.matches(event)) emit(event);
    });
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', abort);
  }
}
