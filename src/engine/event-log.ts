// The EventLog role: the one place container, image, volume, network and system events are
// recorded and read back, with podman 4.3.1's types, statuses and attributes. Verbs call one
// method where their change is committed; writing never fails the verb (a failure is logged).
import { join } from 'node:path';
import { BerthError } from '../lib/berth-error.ts';
import { formatRfc3339Nano, nowNs } from '../lib/go-time.ts';
import { log } from '../lib/log.ts';
import { EventLogFile } from '../storage/event-log-file.ts';
import type { TomlTable } from '../config/toml-values.ts';
import type { EngineEvent, EventType } from '../domain/system-reports.ts';

export type ContainerEventStatus =
  | 'attach'
  | 'cleanup'
  | 'create'
  | 'died'
  | 'exec'
  | 'exec_died'
  | 'init'
  | 'kill'
  | 'mount'
  | 'pause'
  | 'remove'
  | 'rename'
  | 'restart'
  | 'start'
  | 'stop'
  | 'unmount'
  | 'unpause';
export type ImageEventStatus =
  'import' | 'loadfromarchive' | 'pull' | 'push' | 'remove' | 'save' | 'tag' | 'untag';
export type VolumeEventStatus = 'create' | 'prune' | 'remove';
export type NetworkEventStatus = 'connect' | 'create' | 'disconnect' | 'remove';
export type SystemEventStatus = 'log-rotation' | 'refresh' | 'renumber';

/** What a container event needs of a container: its record (config as stored) will do. */
export interface EventContainer {
  id: string;
  name: string;
  /** Its image: the event names it as `ps` does (the image's first name, else the name given at create). */
  imageId?: string | null;
  config: unknown;
}

/** An image's first name, for container events. */
export type ImageNameLookup = (imageId: string) => string | undefined;

export interface EventReadOptions {
  fromStart: boolean;
  follow: boolean;
  signal: AbortSignal;
}

/** podman's default events_logfile_max_size ("1m"). */
const defaultMaxSizeBytes = 1_000_000;

export class EventLog {
  private readonly imageNames = new Map<string, string | undefined>();

  /** file undefined: events_logger = "none", nothing is recorded. */
  constructor(
    private readonly file: EventLogFile | undefined,
    private readonly imageName: ImageNameLookup = () => undefined,
  ) {}

  /**
   * From containers.conf's [engine] events_logger, events_logfile_path and events_logfile_max_size.
   * A containers.conf that cannot be read leaves the defaults: recording never fails a verb.
   */
  static configured(
    readEngine: () => TomlTable | undefined,
    runroot: string,
    imageName: ImageNameLookup,
  ): EventLog {
    let engine: TomlTable | undefined;
    try {
      engine = readEngine();
    } catch (error) {
      log.warn(`events: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (engine?.['events_logger'] === 'none') return new EventLog(undefined);
    const configuredPath = engine?.['events_logfile_path'];
    const path =
      typeof configuredPath === 'string' && configuredPath !== ''
        ? configuredPath
        : join(runroot, 'events', 'events.log');
    return new EventLog(
      new EventLogFile(path, parseSizeBytes(engine?.['events_logfile_max_size'])),
      imageName,
    );
  }

  /**
   * Container events carry the image name and the container's labels, as podman's. For exec:
   * container('exec', record) when the session starts, and container('exec_died', record,
   * { exitCode, attributes: { execID } }) when it ends.
   */
  container(
    status: ContainerEventStatus,
    container: EventContainer,
    extra: { exitCode?: number; attributes?: Record<string, string> } = {},
  ): void {
    if (!this.file) return;
    const { imageName, labels } = containerFacts(container.config);
    const attributes = { ...labels, ...extra.attributes };
    this.write({
      ...(extra.exitCode ? { ContainerExitCode: extra.exitCode } : {}),
      ID: container.id,
      Image: (container.imageId ? this.storedImageName(container.imageId) : undefined) ?? imageName,
      Name: container.name,
      Status: status,
      Type: 'container',
      Attributes: Object.keys(attributes).length > 0 ? attributes : null,
    });
  }

  private storedImageName(imageId: string): string | undefined {
    if (!this.imageNames.has(imageId)) this.imageNames.set(imageId, this.imageName(imageId));
    return this.imageNames.get(imageId);
  }

  /** A run's end, recorded once by whoever handles it first: died (with the exit code), then cleanup. */
  containerExited(container: EventContainer, exitCode: number): void {
    this.container('died', container, { exitCode });
    this.container('cleanup', container);
  }

  /** id undefined where podman records none (pull, load); name is the reference, file or destination acted on. */
  image(status: ImageEventStatus, id: string | undefined, name: string): void {
    this.write({
      ...(id ? { ID: id } : {}),
      ...(name ? { Name: name } : {}),
      Status: status,
      Type: 'image',
      Attributes: null,
    });
  }

  volume(status: VolumeEventStatus, name: string): void {
    this.write({ Name: name, Status: status, Type: 'volume', Attributes: null });
  }

  /** network create/remove: the network itself. */
  network(
    status: 'create' | 'remove',
    network: { id: string; name: string; driver: string },
  ): void {
    this.write({
      ID: network.id,
      network: network.name,
      Status: status,
      Type: 'network',
      Attributes: { driver: network.driver },
    });
  }

  /** network connect/disconnect: the container joining or leaving networkName. */
  networkMember(
    status: 'connect' | 'disconnect',
    container: { id: string; name: string },
    networkName: string,
  ): void {
    this.write({
      ID: container.id,
      Name: container.name,
      network: networkName,
      Status: status,
      Type: 'network',
      Attributes: null,
    });
  }

  system(status: SystemEventStatus, name?: string): void {
    this.write({
      ...(name ? { Name: name } : {}),
      Status: status,
      Type: 'system',
      Attributes: null,
    });
  }

  /** Appends one event; a log that cannot be written is a warning, never the verb's failure. */
  write(event: Omit<EngineEvent, 'Time'>): void {
    if (!this.file) return;
    const file = this.file;
    try {
      file.append(eventLine(event), () =>
        eventLine({ Name: file.path, Status: 'log-rotation', Type: 'system', Attributes: null }),
      );
    } catch (error) {
      log.warn(
        `Unable to write ${event.Type} event: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  /** Every readable event in order; with follow, new ones as other processes append them. */
  async read(options: EventReadOptions, onEvent: (event: EngineEvent) => void): Promise<void> {
    if (!this.file)
      throw new BerthError('INVALID_ARGUMENT', 'cannot read events with the "none" backend');
    await this.file.read(options, (line) => {
      const event = parseEvent(line);
      if (event) onEvent(event);
      else log.debug(`skipping a malformed line in ${this.file?.path ?? 'the events log'}`);
    });
  }
}

/** The line podman writes: its fields in its order (JSON.stringify keeps insertion order). */
function eventLine(event: Omit<EngineEvent, 'Time'>): string {
  const ordered: EngineEvent = {
    ...(event.ContainerExitCode !== undefined
      ? { ContainerExitCode: event.ContainerExitCode }
      : {}),
    ...(event.ID !== undefined ? { ID: event.ID } : {}),
    ...(event.Image ? { Image: event.Image } : {}),
    ...(event.Name !== undefined ? { Name: event.Name } : {}),
    ...(event.network !== undefined ? { network: event.network } : {}),
    Status: event.Status,
    Time: formatRfc3339Nano(nowNs()),
    Type: event.Type,
    Attributes: event.Attributes,
  };
  return JSON.stringify(ordered);
}

const eventTypes: readonly string[] = [
  'container',
  'image',
  'network',
  'pod',
  'system',
  'volume',
] satisfies EventType[];

/** A line of the log as an event, or undefined when it is not one. */
export function parseEvent(line: string): EngineEvent | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const fields = value as Record<string, unknown>;
  if (
    typeof fields['Status'] !== 'string' ||
    typeof fields['Time'] !== 'string' ||
    !eventTypes.includes(fields['Type'] as string)
  )
    return undefined;
  const attributes = fields['Attributes'];
  return {
    ...(typeof fields['ContainerExitCode'] === 'number'
      ? { ContainerExitCode: fields['ContainerExitCode'] }
      : {}),
    ...(typeof fields['ID'] === 'string' ? { ID: fields['ID'] } : {}),
    ...(typeof fields['Image'] === 'string' ? { Image: fields['Image'] } : {}),
    ...(typeof fields['Name'] === 'string' ? { Name: fields['Name'] } : {}),
    ...(typeof fields['network'] === 'string' ? { network: fields['network'] } : {}),
    Status: fields['Status'],
    Time: fields['Time'],
    Type: fields['Type'] as EventType,
    Attributes:
      typeof attributes === 'object' && attributes !== null ? stringValues(attributes) : null,
  };
}

function stringValues(table: object): Record<string, string> {
  return Object.fromEntries(
    Object.entries(table).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string',
    ),
  );
}

function containerFacts(config: unknown): { imageName: string; labels: Record<string, string> } {
  const fields =
    typeof config === 'object' && config !== null ? (config as Record<string, unknown>) : {};
  const extra = fields['extra'];
  const labels =
    typeof extra === 'object' && extra !== null
      ? (extra as Record<string, unknown>)['labels']
      : undefined;
  return {
    imageName: typeof fields['imageName'] === 'string' ? fields['imageName'] : '',
    labels: typeof labels === 'object' && labels !== null ? stringValues(labels) : {},
  };
}

/** events_logfile_max_size: bytes, or "<number><b|k|m|g>" (decimal units, as podman's FromHumanSize). */
export function parseSizeBytes(value: unknown): number {
  if (typeof value === 'number' && value >= 0) return value;
  if (typeof value !== 'string') return defaultMaxSizeBytes;
  const match = /^(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?$/i.exec(value.trim());
  if (!match) return defaultMaxSizeBytes;
  const unit = { '': 1, k: 1e3, m: 1e6, g: 1e9, t: 1e12 }[(match[2] ?? '').toLowerCase()] ?? 1;
  return Math.floor(Number(match[1]) * unit);
}
