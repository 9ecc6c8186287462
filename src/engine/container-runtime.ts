// The OCI runtime a container runs on: the one recorded when it started (a container keeps its
// runtime even if berth would choose another now), else the current choice; with berth's own
// cgroup placement when that choice says so.
import { CgroupV1Placement } from '../host/cgroup-v1.ts';
import { OciRuntimeCli, type OciRuntime } from '../runtime/oci-runtime.ts';
import type { EngineContext } from './engine-context.ts';
import { containerPaths, readStateData, type RecordedRuntime } from './container-model.ts';

/** Where a container's cgroups live in every hierarchy (podman's cgroupfs layout, berth's names). */
export function containerCgroupPath(id: string): string {
  return `/berth_parent/berth-${id}`;
}

export async function currentRuntime(ctx: EngineContext): Promise<RecordedRuntime> {
  const choice = await ctx.runtime();
  return {
    name: choice.name,
    path: choice.path,
    ...(choice.cgroupsByBerth ? { cgroupsByBerth: true } : {}),
  };
}

/** The runtime for this container's verbs (start, stop, pause, top, cleanup), from the context's host roles. */
export function runtimeForContainer(
  ctx: EngineContext,
  id: string,
  recorded?: RecordedRuntime,
): Promise<OciRuntime> {
  return ctx.roles.runtimeFor(id, recorded);
}

/** The real runtime role: crun or runc driven as a command. */
export async function cliRuntimeFor(
  ctx: EngineContext,
  id: string,
  recorded?: RecordedRuntime,
): Promise<OciRuntimeCli> {
  const stored = ctx.state.containers.get(id);
  const choice =
    recorded ??
    (stored ? readStateData(stored.stateData, id).runtime : undefined) ??
    (await currentRuntime(ctx));
  const root = containerPaths(ctx.paths, id).runtimeRoot;
  if (!choice.cgroupsByBerth) return new OciRuntimeCli(choice.path, root);
  const layout = await ctx.cgroupLayout();
  const mounts = layout.v1Mounts ?? {};
  return new OciRuntimeCli(choice.path, root, {
    placement: (containerId) => new CgroupV1Placement(mounts, containerCgroupPath(containerId)),
    unifiedMount: layout.unifiedMount ?? '/sys/fs/cgroup/unified',
  });
}
