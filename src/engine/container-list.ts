// `ps`: every container as podman's ListContainer, states reconciled with conmon's exit files.
import type { ContainerSummary } from '../domain/container-reports.ts';
import type { ContainerRecord } from '../storage/container-records.ts';
import type { EngineContext } from './engine-context.ts';
import { readContainerConfig, readStateData } from './container-model.ts';
import { syncedContainers } from './container-state.ts';
import { imageRunSection } from './image-run-config.ts';
import { resolveCommand } from '../spec/oci-spec.ts';
import { treeSize } from '../host/tree-size.ts';

export async function listContainers(ctx: EngineContext): Promise<ContainerSummary[]> {
  const records = await syncedContainers(ctx);
  return records.map((record) => summarize(ctx, record));
}

export function summarize(ctx: EngineContext, record: ContainerRecord): ContainerSummary {
  const config = readContainerConfig(record.config, record.id);
  const data = readStateData(record.stateData, record.id);
  const image = record.imageId ? ctx.state.images.get(record.imageId) : undefined;
  const command = image
    ? resolveCommand(imageRunSection(image.config), config.command, config.entrypoint)
    : config.command;
  const seconds = (iso: string | undefined) => (iso ? Math.floor(Date.parse(iso) / 1000) : 0);
  return {
    AutoRemove: config.autoRemove,
    Command: command,
    Created: seconds(record.created),
    CreatedAt: record.created,
    Exited: record.state === 'exited',
    ExitedAt: seconds(data.finishedAt),
    ExitCode: data.exitCode ?? 0,
    Id: record.id,
    Image: image?.names[0] ?? config.imageName,
    ImageID: record.imageId ?? '',
    IsInfra: false,
    Labels: labelsOf(config.extra?.labels, imageRunSection(image?.config).Labels),
    Mounts: [],
    Names: [record.name],
    Networks: [
      ...(data.network ? [data.network.name] : []),
      ...(data.extraNetworks ?? []).map((endpoint) => endpoint.name),
    ],
    Pid: record.state === 'running' ? (data.pid ?? 0) : 0,
    Pod: '',
    Restarts: data.restartCount ?? 0,
    PodName: '',
    // The bindings stored at create, in any state, as podman lists them.
    Ports: config.ports?.length
      ? config.ports.map((port) => ({
          host_ip: port.hostIp,
          container_port: port.containerPort,
          host_port: port.hostPort,
          range: port.range,
          protocol: port.protocol,
        }))
      : null,
    StartedAt: seconds(data.startedAt),
    State: record.state,
    Status: '',
  };
}

/** Image labels overlaid with --label ones; null when there are none, as podman shows. */
function labelsOf(
  own: Record<string, string> | undefined,
  image: Record<string, string> | undefined,
): Record<string, string> | null {
  return own || image ? { ...image, ...own } : null;
}

/** ps --size: each container's writable layer, and that plus its image (podman's rootFsSize). */
export async function withSizes(
  ctx: EngineContext,
  summaries: ContainerSummary[],
): Promise<ContainerSummary[]> {
  return Promise.all(
    summaries.map(async (summary) => {
      const rwSize = await treeSize(ctx.layers.diffPath(summary.Id));
      const imageSize = summary.ImageID
        ? (ctx.state.images.get(summary.ImageID)?.sizeBytes ?? 0)
        : 0;
      return { ...summary, Size: { rootFsSize: imageSize + rwSize, rwSize } };
    }),
  );
}
