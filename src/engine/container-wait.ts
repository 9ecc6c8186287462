// `wait`: polls a container's reconciled state until it reaches one of the wanted conditions
// (podman's --condition, default stopped) and returns its exit code. It holds no lock while waiting.
import { BerthError } from '../lib/berth-error.ts';
import type { EngineContext } from './engine-context.ts';
import { readStateData } from './container-model.ts';
import { syncContainer } from './container-state.ts';

export const waitConditions = [
  'configured',
  'created',
  'exited',
  'healthy',
  'initialized',
  'paused',
  'removing',
  'running',
  'stopped',
  'stopping',
  'unhealthy',
] as const;

export async function waitForContainer(
  ctx: EngineContext,
  id: string,
  conditions: readonly string[],
  intervalMs: number,
): Promise<number> {
  for (const condition of conditions) {
    if (!(waitConditions as readonly string[]).includes(condition)) {
      throw new BerthError('INVALID_ARGUMENT', `unknown condition "${condition}"`);
    }
  }
  const wanted = new Set(conditions.length > 0 ? conditions : ['stopped']);
  for (;;) {
    const record = ctx.state.containers.get(id);
    if (!record) {
      // A --rm container is gone once it exited: podman reports its recorded exit code; ours is in the exit file.
      throw new BerthError(
        'NO_SUCH_CONTAINER',
        `no container with ID ${id} found in database: no such container`,
      );
    }
    const synced = await syncContainer(ctx, record);
    const state =
      synced.state === 'exited'
        ? ['exited', 'stopped']
        : synced.state === 'created'
          ? ['created', 'configured', 'initialized']
          : [synced.state];
    const data = readStateData(synced.stateData, id);
    // libpod's WaitForExit counts a container that never ran as exited with 0 (podman 4.3.1:
    // `create` then `wait` prints 0 at once); a recorded exit code wins.
    if (synced.state === 'created' && (wanted.has('stopped') || wanted.has('exited')))
      return data.exitCode ?? 0;
    if (state.some((name) => wanted.has(name)))
      return synced.state === 'exited' ? (data.exitCode ?? -1) : -1;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
