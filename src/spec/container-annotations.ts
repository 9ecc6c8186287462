// The annotations podman always writes into config.json (reference §1), with berth as the
// manager. Keys stay podman's so tools reading them (and berth's inspect) work unchanged.

import { parseSignal } from '../lib/parse-signal.ts';

export interface AnnotationInput {
  createdAt: string;
  tty: boolean;
  autoRemove: boolean;
  privileged: boolean;
  publishAll: boolean;
  /** --stop-signal, else image StopSignal, else SIGTERM; rendered as a number. */
  stopSignal: string | undefined;
  /** --annotation values: they win over the defaults. */
  extra: Readonly<Record<string, string>>;
}

const bool = (value: boolean): string => (value ? 'TRUE' : 'FALSE');

/** Keys sorted, as Go's encoding/json writes a map. Image labels are not copied. */
export function containerAnnotations(input: AnnotationInput): Record<string, string> {
  const all: Record<string, string> = {
    'io.container.manager': 'berth',
    'io.kubernetes.cri-o.Created': input.createdAt,
    'io.kubernetes.cri-o.TTY': String(input.tty),
    'io.podman.annotations.autoremove': bool(input.autoRemove),
    'io.podman.annotations.init': 'FALSE',
    'io.podman.annotations.privileged': bool(input.privileged),
    'io.podman.annotations.publish-all': bool(input.publishAll),
    'org.opencontainers.image.stopSignal': String(parseSignal(input.stopSignal ?? 'SIGTERM')),
    ...input.extra,
  };
  return sortedRecord(all);
}

export function sortedRecord(record: Readonly<Record<string, string>>): Record<string, string> {
  const sorted: Record<string, string> = {};
  for (const key of Object.keys(record).sort()) sorted[key] = record[key] ?? '';
  return sorted;
}
