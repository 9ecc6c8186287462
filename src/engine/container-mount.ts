// `mount`/`unmount` of a container's rootfs, and scoped access to it for cp, export and diff:
// a rootfs mounted only for the operation is unmounted again unless the container runs.
import { dirname, join } from 'node:path';
import { isMountPoint } from '../host/mount.ts';
import type { EngineContext } from './engine-context.ts';
import type { ContainerMountReport } from '../domain/volume-reports.ts';

function layerId(ctx: EngineContext, id: string): string {
  return ctx.state.containers.get(id)?.layerId ?? id;
}

function mergedPath(ctx: EngineContext, id: string): string {
  return join(dirname(ctx.layers.diffPath(layerId(ctx, id))), 'merged');
}

/** `berth mount`: a mount event (withRootfs mounts silently, as podman's cp and export do). */
export async function mountContainer(ctx: EngineContext, id: string): Promise<string> {
  const path = await ctx.layers.mountContainerLayer(layerId(ctx, id));
  const record = ctx.state.containers.get(id);
  if (record) ctx.events().container('mount', record);
  return path;
}

/** A running container keeps its rootfs; otherwise it is unmounted (an unmount event). */
export async function unmountContainer(ctx: EngineContext, id: string): Promise<void> {
  const record = ctx.state.containers.get(id);
  if (record?.state === 'running') return;
  await ctx.layers.unmountContainerLayer(layerId(ctx, id));
  if (record) ctx.events().container('unmount', record);
}

/** `berth mount` with no arguments: the containers whose rootfs is mounted. */
export async function listMounted(ctx: EngineContext): Promise<ContainerMountReport[]> {
  const reports: ContainerMountReport[] = [];
  for (const record of ctx.state.containers.list()) {
    const path = mergedPath(ctx, record.id);
    if (await isMountPoint(path)) reports.push({ id: record.id, path });
  }
  return reports;
}

/** Runs fn with the container's rootfs mounted; unmounts after if it was not mounted before. */
export async function withRootfs<T>(
  ctx: EngineContext,
  id: string,
  fn: (rootfs: string) => Promise<T>,
): Promise<T> {
  const wasMounted = await isMountPoint(mergedPath(ctx, id));
  const rootfs = await ctx.layers.mountContainerLayer(layerId(ctx, id));
  try {
    return await fn(rootfs);
  } finally {
    if (!wasMounted) await ctx.layers.unmountContainerLayer(layerId(ctx, id));
  }
}
