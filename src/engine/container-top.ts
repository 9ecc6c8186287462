// `top`: the container's processes (from the runtime's `ps`) as psgo formats them for podman:
// default columns USER PID PPID %CPU ELAPSED TTY TIME COMMAND, pids as the container sees them.
import { BerthError } from '../lib/berth-error.ts';
import { readRootfsFile } from '../host/rootfs-file.ts';
import {
  clockTicksPerSecond,
  readProcessTable,
  readUptimeSeconds,
  type ProcessRow,
} from '../host/process-table.ts';
import { runtimeForContainer } from './container-runtime.ts';
import type { EngineContext } from './engine-context.ts';
import { readStateData } from './container-model.ts';
import { syncContainer } from './container-state.ts';
import { goDuration as goDurationNs } from '../lib/go-duration.ts';

interface Column {
  header: string;
  value: (row: ProcessRow, view: TopView) => string;
}

interface TopView {
  users: Map<number, string>;
  groups: Map<number, string>;
  nsPidOf: Map<number, number>;
  uptimeSeconds: number;
}

const columns: Record<string, Column> = {
  user: { header: 'USER', value: (row, view) => view.users.get(row.uid) ?? String(row.uid) },
  group: { header: 'GROUP', value: (row, view) => view.groups.get(row.gid) ?? String(row.gid) },
  pid: { header: 'PID', value: (row) => String(row.nsPid) },
  ppid: { header: 'PPID', value: (row, view) => String(view.nsPidOf.get(row.hostPpid) ?? 0) },
  pcpu: { header: '%CPU', value: (row, view) => percentCpu(row, view.uptimeSeconds) },
  etime: {
    header: 'ELAPSED',
    value: (row, view) =>
      goDuration(Math.max(0, view.uptimeSeconds - row.startTicks / clockTicksPerSecond)),
  },
  tty: { header: 'TTY', value: (row) => ttyName(row.ttyNr) },
  time: { header: 'TIME', value: (row) => goDuration(row.cpuTicks / clockTicksPerSecond) },
  args: {
    header: 'COMMAND',
    // psgo turns cmdline's NULs into spaces, the last one too: podman prints 'sleep 1000 '.
    value: (row) => (row.args.length > 0 ? `${row.args.join(' ')} ` : `[${row.comm}]`),
  },
  comm: { header: 'COMMAND', value: (row) => row.comm },
  hpid: { header: 'HPID', value: (row) => String(row.hostPid) },
};

/** AIX format descriptors psgo accepts, mapped to the named ones. */
const aliases: Record<string, string> = {
  '%C': 'pcpu',
  '%G': 'group',
  '%P': 'ppid',
  '%U': 'user',
  '%a': 'args',
  '%c': 'comm',
  '%p': 'pid',
  '%t': 'etime',
  '%x': 'time',
  '%y': 'tty',
};

export const defaultTopDescriptors = [
  'user',
  'pid',
  'ppid',
  'pcpu',
  'etime',
  'tty',
  'time',
  'args',
];

/** Header row then one row per process, ordered by pid. */
export async function topContainer(
  ctx: EngineContext,
  id: string,
  descriptors: readonly string[],
): Promise<string[][]> {
  const chosen = (
    descriptors.length > 0
      ? descriptors.flatMap((d) => d.split(',')).filter(Boolean)
      : defaultTopDescriptors
  ).map((name) => {
    const column = columns[aliases[name] ?? name];
    if (!column) throw new BerthError('INVALID_ARGUMENT', `'${name}': unknown descriptor`);
    return column;
  });
  const record = ctx.state.containers.get(id);
  if (!record)
    throw new BerthError(
      'NO_SUCH_CONTAINER',
      `no container with ID ${id} found in database: no such container`,
    );
  const synced = await syncContainer(ctx, record);
  if (synced.state !== 'running' && synced.state !== 'paused') {
    throw new BerthError(
      'CONTAINER_STATE',
      `top can only be used on running containers: container state improper`,
    );
  }
  const runtime = await runtimeForContainer(ctx, id);
  const rows = (await readProcessTable(await runtime.processIds(id))).sort(
    (a, b) => a.nsPid - b.nsPid,
  );
  const mountPoint = readStateData(synced.stateData, id).mountPoint;
  const [passwd, group, uptimeSeconds] = await Promise.all([
    mountPoint ? readRootfsFile(mountPoint, '/etc/passwd') : null,
    mountPoint ? readRootfsFile(mountPoint, '/etc/group') : null,
    readUptimeSeconds(),
  ]);
  const view: TopView = {
    users: idNames(passwd),
    groups: idNames(group),
    nsPidOf: new Map(rows.map((row) => [row.hostPid, row.nsPid])),
    uptimeSeconds,
  };
  return [
    chosen.map((column) => column.header),
    ...rows.map((row) => chosen.map((column) => column.value(row, view))),
  ];
}

function idNames(text: string | null): Map<number, string> {
  const names = new Map<number, string>();
  for (const line of (text ?? '').split('\n')) {
    const [name, , id] = line.split(':');
    if (name && id !== undefined && !names.has(Number(id))) names.set(Number(id), name);
  }
  return names;
}

function percentCpu(row: ProcessRow, uptimeSeconds: number): string {
  const elapsed = uptimeSeconds - row.startTicks / clockTicksPerSecond;
  return (elapsed > 0 ? (row.cpuTicks / clockTicksPerSecond / elapsed) * 100 : 0).toFixed(3);
}

/** tty_nr → name as psgo does: pts/N for the pty major range, ttyN for 4, else "?". */
function ttyName(ttyNr: number): string {
  if (ttyNr === 0) return '?';
  const major = (ttyNr >> 8) & 0xfff;
  const minor = (ttyNr & 0xff) | ((ttyNr >> 12) & 0xfff00);
  if (major >= 136 && major <= 143) return `pts/${minor + (major - 136) * 256}`;
  if (major === 4) return `tty${minor}`;
  return '?';
}

/** Go's time.Duration.String for a non-negative number of seconds (e.g. 0s, 10ms, 1m2.5s). */
export function goDuration(seconds: number): string {
  return goDurationNs(seconds * 1e9);
}
