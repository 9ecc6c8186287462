// `pause` / `unpause`: the runtime freezes or thaws the container's cgroup; the state follows.
import { BerthError } from '../lib/berth-error.ts';
import { runtimeForContainer } from './container-runtime.ts';
import type { EngineContext } from './engine-context.ts';
import { readStateData } from './container-model.ts';
import { syncContainer } from './container-state.ts';

async function prepare(ctx: EngineContext, id: string) {
  const record = ctx.state.containers.get(id);
  if (!record)
    throw new BerthError(
      'NO_SUCH_CONTAINER',
      `no container with ID ${id} found in database: no such container`,
    );
  const synced = await syncContainer(ctx, record);
  const runtime = await runtimeForContainer(ctx, id);
  return { synced, runtime, data: readStateData(synced.stateData, id) };
}

export async function pauseContainer(ctx: EngineContext, id: string): Promise<void> {
  const { synced, runtime, data } = await prepare(ctx, id);
  if (synced.state === 'paused')
    throw new BerthError('CONTAINER_STATE', `"${id}" is already paused: container state improper`);
  if (synced.state !== 'running')
    throw new BerthError(
      'CONTAINER_STATE',
      `"${id}" is not running, can't pause: container state improper`,
    );
  await runtime.pause(id);
  ctx.state.write(() => ctx.state.containers.updateState(id, 'paused', data));
  ctx.events().container('pause', synced);
}

export async function unpauseContainer(ctx: EngineContext, id: string): Promise<void> {
  const { synced, runtime, data } = await prepare(ctx, id);
  if (synced.state !== 'paused')
    throw new BerthError(
      'CONTAINER_STATE',
      `"${id}" is not paused, can't unpause: container state improper`,
    );
  await runtime.resume(id);
  ctx.state.write(() => ctx.state.containers.updateState(id, 'running', data));
  ctx.events().container('unpause', synced);
}
