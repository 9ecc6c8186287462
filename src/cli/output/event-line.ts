// podman 4.3.1's text for one event (events.Event.ToHumanReadable) and the view its Go templates
// see (the Event struct: every field present, Time as Go prints a time.Time).
import { goTimeString } from '../../lib/go-time.ts';
import { goMap } from './go-template/index.ts';
import type { EngineEvent } from '../../domain/system-reports.ts';

/** truncate: --no-trunc=false, IDs cut to 12 characters. */
export function eventLine(event: EngineEvent, truncate = false): string {
  const time = goTimeString(event.Time);
  const fullId = event.ID ?? '';
  const id = truncate ? fullId.slice(0, 12) : fullId;
  const head = `${time} ${event.Type} ${event.Status}`;
  switch (event.Type) {
    case 'container':
    case 'pod': {
      const attributes = Object.entries(event.Attributes ?? {}).map(
        ([key, value]) => `, ${key}=${value}`,
      );
      return `${head} ${id} (image=${event.Image ?? ''}, name=${event.Name ?? ''}${attributes.join('')})`;
    }
    case 'network':
      return event.Status === 'create' || event.Status === 'remove'
        ? `${head} ${fullId} (name=${event.network ?? ''}, type=${event.Attributes?.['driver'] ?? ''})`
        : `${head} ${id} (container=${id}, name=${event.network ?? ''})`;
    case 'image':
      return `${head} ${id} ${event.Name ?? ''}`;
    case 'system':
      return event.Name ? `${head} ${event.Name}` : head;
    case 'volume':
      return `${head} ${event.Name ?? ''}`;
  }
}

/** What `--format '{{.Status}} {{.Attributes.foo}}'` reads: podman's Event fields, zero when empty. */
export function eventTemplateView(event: EngineEvent): Record<string, unknown> {
  return {
    ContainerExitCode: event.ContainerExitCode ?? 0,
    ID: event.ID ?? '',
    Image: event.Image ?? '',
    Name: event.Name ?? '',
    Network: event.network ?? '',
    Status: event.Status,
    Time: goTimeString(event.Time),
    Type: event.Type,
    Attributes: goMap(event.Attributes ?? {}),
  };
}
