// `events --filter/--since/--until` as podman 4.3.1 applies them: filters under the same key
// OR, different keys AND; since and until are exclusive bounds. Pure: no I/O.
import { BerthError } from '../../lib/berth-error.ts';
import { parseInputTime, parseRfc3339Ns } from '../../lib/go-time.ts';
import type { EngineEvent } from '../system-reports.ts';

type EventPredicate = (event: EngineEvent) => boolean;

export interface EventSelection {
  matches(event: EngineEvent): boolean;
  /** --until as nanoseconds since the epoch. */
  untilNs?: bigint;
}

/** Throws podman's "failed to parse event filters: …" for an unknown key or an unreadable time. */
export function eventSelection(
  filters: readonly string[],
  since: string | undefined,
  until: string | undefined,
  now: bigint,
): EventSelection {
  const groups = new Map<string, EventPredicate[]>();
  const add = (key: string, predicate: EventPredicate) =>
    groups.set(key, [...(groups.get(key) ?? []), predicate]);
  for (const filter of filters) {
    const at = filter.indexOf('=');
    if (at < 0) throw filterError(`${filter} is an invalid filter`);
    const key = filter.slice(0, at);
    add(key, filterPredicate(key, filter.slice(at + 1)));
  }
  const sinceNs = since === undefined || since === '' ? undefined : boundNs(since, 'since', now);
  const untilNs = until === undefined || until === '' ? undefined : boundNs(until, 'until', now);
  if (sinceNs !== undefined)
    add('\0since', (event) => (parseRfc3339Ns(event.Time) ?? 0n) > sinceNs);
  if (untilNs !== undefined)
    add('\0until', (event) => (parseRfc3339Ns(event.Time) ?? 0n) < untilNs);
  const predicates = [...groups.values()];
  return {
    matches: (event) => predicates.every((group) => group.some((predicate) => predicate(event))),
    ...(untilNs !== undefined ? { untilNs } : {}),
  };
}

function filterPredicate(key: string, value: string): EventPredicate {
  switch (key.toUpperCase()) {
    case 'CONTAINER':
      return (event) => event.Type === 'container' && nameOrIdPrefix(event, event.Name, value);
    case 'EVENT':
    case 'STATUS':
      return (event) => event.Status === value;
    case 'IMAGE':
      return (event) => event.Type === 'image' && nameOrIdPrefix(event, event.Name, value);
    case 'POD':
      return (event) => event.Type === 'pod' && nameOrIdPrefix(event, event.Name, value);
    case 'VOLUME':
      return (event) => event.Type === 'volume' && (event.Name ?? '').startsWith(value);
    case 'NETWORK':
      // berth's addition (podman 4.3.1 has no network filter): the network's name or ID prefix.
      return (event) => event.Type === 'network' && nameOrIdPrefix(event, event.network, value);
    case 'TYPE':
      return (event) => event.Type === value;
    case 'LABEL':
      return labelPredicate(value);
    default:
      throw filterError(`${key} is an invalid filter`);
  }
}

function nameOrIdPrefix(event: EngineEvent, name: string | undefined, value: string): boolean {
  return name === value || (event.ID ?? '').startsWith(value);
}

/** label=KEY=VALUE matches that attribute; label=KEY (no value) any value of it. */
function labelPredicate(value: string): EventPredicate {
  const at = value.indexOf('=');
  const key = at < 0 ? value : value.slice(0, at);
  const wanted = at < 0 ? undefined : value.slice(at + 1);
  return (event) => {
    const actual = event.Attributes?.[key];
    return actual !== undefined && (wanted === undefined || actual === wanted);
  };
}

function boundNs(text: string, flag: 'since' | 'until', now: bigint): bigint {
  try {
    return parseInputTime(text, flag === 'since', now);
  } catch (error) {
    throw filterError(
      `unable to convert ${flag} time of ${text}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

function filterError(message: string): BerthError {
  return new BerthError('INVALID_ARGUMENT', `failed to parse event filters: ${message}`);
}
