// Creates a container: its writable layer on top of the image and its DB row, committed
// together, so a crash leaves at worst an orphan directory, never a row without a layer.
import { randomBytes } from 'node:crypto';
import { randomContainerName } from '../lib/random-name.ts';
import { BerthError, isBerthError } from '../lib/berth-error.ts';
import type { ImageRecord } from '../storage/image-records.ts';
import type { EngineContext } from './engine-context.ts';
import type { ContainerConfig } from './container-model.ts';

export async function createContainer(ctx: EngineContext, image: ImageRecord, config: ContainerConfig, name?: string): Promise<string> {
  const id = randomBytes(32).toString('hex');
  const chosenName = name ?? uniqueRandomName(ctx);
  const created = new Date().toISOString();
  // The container row goes in with its layer row, in one transaction (NAME_IN_USE undoes both).
  try {
    await ctx.layers.createContainerLayer(id, image.topLayer, () =>
      ctx.state.containers.insert({ id, name: chosenName, imageId: image.id, layerId: id, created, state: 'created', config, stateData: {} }),
    );
  } catch (error) {
    // podman's words for a name clash at create.
    if (isBerthError(error) && error.code === 'NAME_IN_USE') throw new BerthError(error.code, `creating container storage: ${error.message}`, { cause: error });
    throw error;
  }
  ctx.events().container('create', { id, name: chosenName, imageId: image.id, config });
  return id;
}

function uniqueRandomName(ctx: EngineContext): string {
  for (;;) {
    const name = randomContainerName();
    if (!ctx.state.containers.getByName(name)) return name;
  }
}
