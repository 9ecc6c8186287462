// `berth ps` / `container ls|list|ps`: podman's columns (CONTAINER ID IMAGE COMMAND CREATED
// STATUS PORTS NAMES), -a, -q, -l, -n, --no-trunc, --filter, --format (json or Go template).
import type { BerthCommand } from '../../berth-command.ts';
import { collect } from '../../berth-command.ts';
import { withEngine, type GlobalsReader } from '../../with-engine.ts';
import { parseInteger } from '../../options/numbers.ts';
import { humanDuration, humanSize } from '../../../lib/human-units.ts';
import type { ContainerSummary } from '../../../domain/container-reports.ts';
import { BerthError } from '../../../lib/berth-error.ts';

interface PsFlags {
  all?: boolean;
  quiet?: boolean;
  latest?: boolean;
  last: number;
  trunc?: boolean;
  filter?: string[];
  format?: string;
  noheading?: boolean;
  size?: boolean;
  sort: string;
}

/** ps --sort keys (podman's), each as a comparison of two listed containers; podman 4.3.1 lists oldest first. */
const byCreation = (a: ContainerSummary, b: ContainerSummary) =>
  a.CreatedAt.localeCompare(b.CreatedAt);
const sorts: Record<string, (a: ContainerSummary, b: ContainerSummary) => number> = {
  command: (a, b) => a.Command.join(' ').localeCompare(b.Command.join(' ')),
  created: byCreation,
  id: (a, b) => a.Id.localeCompare(b.Id),
  image: (a, b) => a.Image.localeCompare(b.Image),
  names: (a, b) => (a.Names[0] ?? '').localeCompare(b.Names[0] ?? ''),
  runningfor: byCreation,
  size: (a, b) => (a.Size?.rootFsSize ?? 0) - (b.Size?.rootFsSize ?? 0),
  status: (a, b) => a.State.localeCompare(b.State),
};

const defaultFormat =
  'table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.CreatedHuman}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}';

export function registerPs(
  parent: BerthCommand,
  globals: GlobalsReader,
  name = 'ps',
  aliases: string[] = [],
): void {
  const command = parent
    .command(name)
    .description('List containers')
    .option('-a, --all', 'Show all the containers, default is only running containers')
    .option('-q, --quiet', 'Print the numeric IDs of the containers only')
    .option('-l, --latest', 'Act on the latest container berth is aware of')
    .option(
      '-n, --last <n>',
      'Print the n last created containers (all states)',
      parseInteger('last'),
      -1,
    )
    .option('--no-trunc', 'Display the extended information')
    .option('-f, --filter <filter>', 'Filter output based on conditions given', collect)
    .option('--format <format>', 'Pretty-print containers to JSON or using a Go template')
    .option('--noheading', 'Do not print headers')
    .option('-s, --size', 'Display the total file sizes')
    .option(
      '--sort <choice>',
      'Sort output by: command, created, id, image, names, runningfor, size, status',
      'created',
    )
    .action(async (flags: PsFlags) => {
      const compare = sorts[flags.sort];
      if (compare === undefined) {
        throw new BerthError(
          'USAGE',
          `invalid option for --sort, options are: command, created, id, image, names, runningfor, size, or status`,
        );
      }
      const listed = await withEngine(globals, (engine) =>
        engine.containers.list({
          all: flags.all ?? false,
          latest: flags.latest ?? false,
          last: flags.last,
          filters: flags.filter ?? [],
          size: flags.size ?? false,
        }),
      );
      const containers = [...listed].sort(compare);
      const { compileReport, isJsonFormat } = await import('../../output/go-template/index.ts');
      if (flags.format !== undefined && isJsonFormat(flags.format)) {
        const { toJson } = await import('../../output/format-report.ts');
        process.stdout.write(toJson(containers.map(podmanJson)));
        return;
      }
      const truncate = flags.trunc !== false;
      const rows = containers.map((summary) => psRow(summary, truncate));
      // podman: a --format wins over -q.
      if (flags.quiet && flags.format === undefined) {
        process.stdout.write(rows.map((row) => `${row.ID}\n`).join(''));
        return;
      }
      const format = flags.format ?? (flags.size ? `${defaultFormat}\t{{.Size}}` : defaultFormat);
      const report = compileReport(format, flags.format === undefined ? 'podman' : 'user');
      process.stdout.write(
        report.render(rows, {
          headers: { ID: 'CONTAINER ID', CreatedHuman: 'CREATED' },
          noHeading: flags.noheading ?? false,
        }),
      );
    });
  for (const alias of aliases) command.alias(alias);
}

/** The fields podman's ps templates name (psReporter). */
function psRow(summary: ContainerSummary, truncate: boolean) {
  const command = summary.Command.join(' ');
  const now = Date.now() / 1000;
  return {
    ...summary,
    ID: truncate ? summary.Id.slice(0, 12) : summary.Id,
    Command: truncate && command.length > 17 ? `${command.slice(0, 17)}...` : command,
    CreatedHuman: `${humanDuration(now - summary.Created)} ago`,
    CreatedAt: new Date(summary.Created * 1000).toString(),
    Status: status(summary, now),
    Ports: (summary.Ports ?? []).map(portColumn).join(', '),
    Names: summary.Names.join(','),
    Networks: summary.Networks.join(','),
    Labels: summary.Labels ?? {},
    // The raw state ("running"), as podman 4.4+ and docker print it; 4.3.1 printed the status text
    // here, which its own --filter status= and later releases contradict.
    State: summary.State,
    // podman: "12B (virtual 2.13MB)", go-units decimal sizes.
    Size: summary.Size
      ? `${humanSize(summary.Size.rwSize)} (virtual ${humanSize(summary.Size.rootFsSize)})`
      : '',
    Mounts: summary.Mounts,
    RunningFor: humanDuration(now - summary.Created),
  };
}

/** podman's PORTS entry: `0.0.0.0:8080->80/tcp`, a range as `0.0.0.0:9000-9001->90-91/tcp`. */
function portColumn(port: NonNullable<ContainerSummary['Ports']>[number]): string {
  const host = port.host_ip || '0.0.0.0';
  if (port.range <= 1) return `${host}:${port.host_port}->${port.container_port}/${port.protocol}`;
  const last = port.range - 1;
  return `${host}:${port.host_port}-${port.host_port + last}->${port.container_port}-${port.container_port + last}/${port.protocol}`;
}

function status(summary: ContainerSummary, now: number): string {
  switch (summary.State) {
    case 'running':
      return `Up ${humanDuration(now - summary.StartedAt)} ago`;
    case 'paused':
      return 'Paused';
    case 'created':
      return 'Created';
    case 'stopping':
      return 'Stopping';
    case 'exited':
    case 'stopped':
      return `Exited (${summary.ExitCode}) ${humanDuration(now - summary.ExitedAt)} ago`;
    default:
      return summary.State;
  }
}

/** ps --format json as podman 4.3.1 writes it: its keys in its order, Status as text, Go's zero time. */
function podmanJson(summary: ContainerSummary): Record<string, unknown> {
  const now = Date.now() / 1000;
  return {
    AutoRemove: summary.AutoRemove,
    Command: summary.Command,
    CreatedAt: summary.CreatedAt,
    Exited: summary.Exited,
    ExitedAt: summary.ExitedAt || -62135596800,
    ExitCode: summary.ExitCode,
    Id: summary.Id,
    Image: summary.Image,
    ImageID: summary.ImageID,
    IsInfra: summary.IsInfra,
    Labels: summary.Labels,
    Mounts: summary.Mounts,
    Names: summary.Names,
    Namespaces: {},
    Networks: summary.Networks,
    Pid: summary.Pid,
    Pod: summary.Pod,
    PodName: summary.PodName,
    Ports: summary.Ports,
    Restarts: summary.Restarts,
    Size: summary.Size ?? null,
    StartedAt: summary.StartedAt,
    State: summary.State,
    Status: status(summary, now),
    Created: summary.Created,
  };
}
