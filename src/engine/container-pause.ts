// `pause` / `unpause`: the runtime freezes or thaws the container's cgroup; the state follows,
// decided and written under the container's lock so a concurrent stop or rm sees one or the other.
import { runtimeForContainer } from './container-runtime.ts';
import type { EngineContext } from './engine-context.ts';
import { readStateData } from './container-model.ts';
import { currentContainer } from './container-state.ts';
import { acquireLock, containerLockName } from './named-lock.ts';
import { mayAct } from './container-transitions.ts';

export async function pauseContainer(ctx: EngineContext, id: string): Promise<void> {
  await using _lock = await acquireLock(ctx.state, containerLockName(id));
  const record = await currentContainer(ctx, id);
  mayAct('pause', id, record.state);
  await (await runtimeForContainer(ctx, id)).pause(id);
  ctx.state.write(() =>
    ctx.state.containers.updateState(id, 'paused', readStateData(record.stateData, id)),
  );
  ctx.events().container('pause', record);
}

export async function unpauseContainer(ctx: EngineContext, id: string): Promise<void> {
  await using _lock = await acquireLock(ctx.state, containerLockName(id));
  const record = await currentContainer(ctx, id);
  mayAct('unpause', id, record.state);
  await (await runtimeForContainer(ctx, id)).resume(id);
  ctx.state.write(() =>
    ctx.state.containers.updateState(id, 'running', readStateData(record.stateData, id)),
  );
  ctx.events().container('unpause', record);
}
