// `berth stats` / `container stats [CONTAINER...]`: podman 4's table (ID NAME CPU % MEM USAGE /
// LIMIT MEM % NET IO BLOCK IO PIDS CPU TIME AVG CPU %), streamed every -i seconds until Ctrl-C.
// Formatting only: samples come from engine.containers.stats.
import type { BerthCommand } from '../../berth-command.ts';
import { withEngine, type GlobalsReader } from '../../with-engine.ts';
import { parseInteger } from '../../options/numbers.ts';
import { BerthError } from '../../../lib/berth-error.ts';
import type { ContainerStatsReport } from '../../../domain/container-reports.ts';
import { binaryUnits, decimalUnits, scaledSize } from '../../../lib/human-units.ts';
import { goDuration } from '../../../lib/go-duration.ts';

interface StatsFlags {
  all?: boolean;
  latest?: boolean;
  stream?: boolean;
  reset?: boolean;
  format?: string;
  trunc?: boolean;
  interval: number;
}

const defaultFormat =
  '{{range .}}{{.ID}}\t{{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}\t{{.MemPerc}}\t{{.NetIO}}\t{{.BlockIO}}\t{{.PIDS}}\t{{.UpTime}}\t{{.AVGCPU}}\n{{end -}}';

/** podman's header overrides (report.Headers upper-cases them). */
const headers = {
  ID: 'ID',
  Name: 'NAME',
  UpTime: 'CPU TIME',
  CPUPerc: 'CPU %',
  AVGCPU: 'AVG CPU %',
  MemUsage: 'MEM USAGE / LIMIT',
  MemUsageBytes: 'MEM USAGE / LIMIT',
  MemPerc: 'MEM %',
  NetIO: 'NET IO',
  BlockIO: 'BLOCK IO',
  PIDS: 'PIDS',
};

export function registerStats(parent: BerthCommand, globals: GlobalsReader): void {
  parent
    .command('stats')
    .description('Display a live stream of container resource usage statistics')
    .usage('[options] [CONTAINER...]')
    .argument('[containers...]')
    .option('-a, --all', 'Show all containers. Only running containers are shown by default')
    .option('-l, --latest', 'Act on the latest container berth is aware of')
    .option('--format <format>', 'Pretty-print container statistics to JSON or using a Go template')
    .option('--no-reset', 'Disable resetting the screen between intervals')
    .option('--no-stream', 'Disable streaming stats and only pull the first result')
    .option('--no-trunc', 'Do not truncate the container ID')
    .option(
      '-i, --interval <seconds>',
      'Time in seconds between stats reports',
      parseInteger('interval'),
      5,
    )
    .action(async (refs: string[], flags: StatsFlags) => {
      const all = flags.all ?? false;
      const latest = flags.latest ?? false;
      if ([all, latest, refs.length > 0].filter(Boolean).length > 1) {
        throw new BerthError('USAGE', '--all, --latest and containers cannot be used together');
      }
      if (flags.interval < 1)
        throw new BerthError('USAGE', 'invalid interval, must be a positive number greater zero');
      const print = await printer(flags);
      await withEngine(globals, async (engine) => {
        let previous: ContainerStatsReport[] | undefined;
        for (;;) {
          const samples = await engine.containers.stats({ refs, all, latest }, previous);
          print(samples);
          if (flags.stream === false) return;
          previous = samples;
          await new Promise((resolve) => setTimeout(resolve, flags.interval * 1000));
        }
      });
    });
}

async function printer(flags: StatsFlags): Promise<(samples: ContainerStatsReport[]) => void> {
  const { compileReport, isJsonFormat } = await import('../../output/go-template/index.ts');
  const truncate = flags.trunc !== false;
  // On a terminal each interval redraws the screen (podman clears it unless --no-reset).
  const clear = flags.stream !== false && flags.reset !== false && process.stdout.isTTY;
  const write = (text: string) => process.stdout.write((clear ? '\x1b[2J\x1b[1;1H' : '') + text);
  if (flags.format !== undefined && isJsonFormat(flags.format)) {
    return (samples) =>
      write(
        `${JSON.stringify(
          samples.map((sample) => jsonRow(statsRow(sample, truncate))),
          null,
          ' ',
        )}\n`,
      );
  }
  const report = compileReport(
    flags.format ?? defaultFormat,
    flags.format === undefined ? 'podman' : 'user',
  );
  return (samples) =>
    write(
      report.render(
        samples.map((sample) => statsRow(sample, truncate)),
        { headers },
      ),
    );
}

/** The fields podman's stats templates name (containerStats's methods over define.ContainerStats). */
export function statsRow(sample: ContainerStatsReport, truncate: boolean) {
  return {
    ...sample,
    ID: truncate ? sample.ContainerID.slice(0, 12) : sample.ContainerID,
    CPUPerc: percent(sample.CPU),
    AVGCPU: percent(sample.AvgCPU),
    MemUsage: pair(sample.MemUsage, sample.MemLimit, humanSize),
    MemUsageBytes: pair(sample.MemUsage, sample.MemLimit, bytesSize),
    MemPerc: percent(sample.MemPerc),
    NetIO: pair(sample.NetInput, sample.NetOutput, humanSize),
    BlockIO: pair(sample.BlockInput, sample.BlockOutput, humanSize),
    PIDS: sample.PIDs === 0 ? '--' : String(sample.PIDs),
    UpTime: goDuration(sample.UpTime),
  };
}

/** podman's `stats --format json` objects. */
function jsonRow(row: ReturnType<typeof statsRow>) {
  return {
    id: row.ID,
    name: row.Name,
    cpu_time: row.UpTime,
    cpu_percent: row.CPUPerc,
    avg_cpu: row.AVGCPU,
    mem_usage: row.MemUsage,
    mem_percent: row.MemPerc,
    net_io: row.NetIO,
    block_io: row.BlockIO,
    pids: row.PIDS,
  };
}

function percent(value: number): string {
  return value === 0 || !Number.isFinite(value) ? '--' : `${value.toFixed(2)}%`;
}

function pair(a: number, b: number, format: (value: number) => string): string {
  return a === 0 && b === 0 ? '-- / --' : `${format(a)} / ${format(b)}`;
}

/** go-units HumanSize: decimal units, %.4g, no space ("3.092MB"). */
function humanSize(bytes: number): string {
  return scaledSize(bytes, 1000, decimalUnits, 4, '');
}

/** go-units BytesSize: binary units ("1.5MiB"). */
function bytesSize(bytes: number): string {
  return scaledSize(bytes, 1024, binaryUnits, 4, '');
}
