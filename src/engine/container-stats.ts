// One resource-usage sample per container (podman's define.ContainerStats): cgroup counters and
// network bytes read through host/, CPU % against the previous sample. Holds no state itself.
import { readCgroupStats, readMemTotalBytes, readNetCounters } from '../host/cgroup-stats.ts';
import type { EngineContext } from './engine-context.ts';
import type { ContainerStatsReport } from '../domain/container-reports.ts';
import { readStateData } from './container-model.ts';
import { syncContainer } from './container-state.ts';

/** One sample: the domain's report type (podman's define.ContainerStats field names). */
export type ContainerStats = ContainerStatsReport;

export interface StatsBaseline {
  CPUNano: number;
  SystemNano: number;
}

/** CPU time over wall time in percent; 0 when either delta is not positive (podman's calculateCPUPercent). */
export function cpuPercent(
  cpuNs: number,
  previousCpuNs: number,
  nowNs: number,
  previousNs: number,
): number {
  const cpuDelta = cpuNs - previousCpuNs;
  const wallDelta = nowNs - previousNs;
  return cpuDelta > 0 && wallDelta > 0 ? (cpuDelta / wallDelta) * 100 : 0;
}

/**
 * The sample of one container. A container that does not run (or whose process vanished) gets
 * zeros, which the CLI prints as "--", as podman does for `stats -a`.
 */
export async function containerStats(
  ctx: EngineContext,
  id: string,
  previous?: StatsBaseline,
): Promise<ContainerStats> {
  const stored = ctx.state.containers.get(id);
  const record = stored ? await syncContainer(ctx, stored) : undefined;
  const empty: ContainerStats = {
    ContainerID: id,
    Name: record?.name ?? id,
    CPU: 0,
    AvgCPU: 0,
    CPUNano: 0,
    SystemNano: Date.now() * 1e6,
    MemUsage: 0,
    MemLimit: 0,
    MemPerc: 0,
    NetInput: 0,
    NetOutput: 0,
    BlockInput: 0,
    BlockOutput: 0,
    PIDs: 0,
    UpTime: 0,
  };
  if (!record || (record.state !== 'running' && record.state !== 'paused')) return empty;
  const data = readStateData(record.stateData, id);
  if (data.pid === undefined) return empty;
  const [sample, net, memTotal] = await Promise.all([
    readCgroupStats(data.pid),
    readNetCounters(data.pid),
    readMemTotalBytes(),
  ]);
  if (!sample) return empty;
  const nowNs = Date.now() * 1e6;
  const startedNs = data.startedAt ? Date.parse(data.startedAt) * 1e6 : nowNs;
  // A counter below the baseline means the container restarted in a new cgroup.
  const base =
    previous && previous.CPUNano <= sample.cpuUsageNs
      ? previous
      : { CPUNano: 0, SystemNano: startedNs };
  // podman: the container's limit, or the host's memory when there is none (or it is larger).
  const memLimit =
    sample.memoryLimitBytes !== undefined && sample.memoryLimitBytes < memTotal
      ? sample.memoryLimitBytes
      : memTotal;
  return {
    ...empty,
    CPU: cpuPercent(sample.cpuUsageNs, base.CPUNano, nowNs, base.SystemNano),
    AvgCPU: cpuPercent(sample.cpuUsageNs, 0, nowNs, startedNs),
    CPUNano: sample.cpuUsageNs,
    SystemNano: nowNs,
    MemUsage: sample.memoryUsageBytes,
    MemLimit: memLimit,
    MemPerc: memLimit > 0 ? (sample.memoryUsageBytes / memLimit) * 100 : 0,
    NetInput: net?.rxBytes ?? 0,
    NetOutput: net?.txBytes ?? 0,
    BlockInput: sample.blockReadBytes,
    BlockOutput: sample.blockWriteBytes,
    PIDs: sample.pids,
    UpTime: sample.cpuUsageNs,
  };
}
