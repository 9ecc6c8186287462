// Creates a container: its writable layer on top of the image and its DB row, committed
// together, so a crash leaves at worst an orphan directory, never a row without a layer. Also
// gives -p/-P bindings without a host port a free one before the row is written.
import { randomBytes } from 'node:crypto';
import { randomContainerName } from '../lib/random-name.ts';
import { BerthError, isBerthError } from '../lib/berth-error.ts';
import { freeTcpPort, portInUse } from '../host/net-apply.ts';
import {
  assignHostPorts,
  bindingPorts,
  checkBindingConflicts,
  parseExpose,
  parsePortBinding,
  publishAllBindings,
  type PortBinding,
} from '../network/port-spec.ts';
import { imageRunSection } from './image-run-config.ts';
import type { ImageRecord } from '../storage/image-records.ts';
import type { EngineContext } from './engine-context.ts';
import { readContainerConfig, type ContainerConfig } from './container-model.ts';

export async function createContainer(
  ctx: EngineContext,
  image: ImageRecord,
  config: ContainerConfig,
  name?: string,
): Promise<string> {
  const id = randomBytes(32).toString('hex');
  const chosenName = name ?? uniqueRandomName(ctx);
  const created = new Date().toISOString();
  // The container row goes in with its layer row, in one transaction (NAME_IN_USE undoes both).
  try {
    await ctx.layers.createContainerLayer(id, image.topLayer, () =>
      ctx.state.containers.insert({
        id,
        name: chosenName,
        imageId: image.id,
        layerId: id,
        created,
        state: 'created',
        config,
        stateData: {},
      }),
    );
  } catch (error) {
    // podman's words for a name clash at create.
    if (isBerthError(error) && error.code === 'NAME_IN_USE')
      throw new BerthError(error.code, `creating container storage: ${error.message}`, {
        cause: error,
      });
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

/** run/create's port flags as typed. */
export interface PortRequest {
  /** -p specs. */
  publish: readonly string[];
  /** --expose specs (the image's EXPOSEd ports are added to them). */
  expose: readonly string[];
  /** -P */
  publishAll: boolean;
}

/**
 * -p parsed, and with -P every exposed port no -p covers (host port 0 = a free one, still to
 * assign). Bad -p and --expose specs are refused here whatever the network mode.
 */
export function requestedPortBindings(request: PortRequest, imageConfig: unknown): PortBinding[] {
  const published = request.publish.map(parsePortBinding);
  const exposed = [
    ...Object.keys(imageRunSection(imageConfig).ExposedPorts ?? {}),
    ...request.expose,
  ];
  for (const spec of exposed) parseExpose(spec);
  return request.publishAll ? [...published, ...publishAllBindings(exposed, published)] : published;
}

/**
 * The bindings with every host port set: podman's choice for `-p 80` and -P (a port the kernel
 * calls free), skipping ports another container already has stored, so two `-p 80` containers
 * get different ports and a container keeps its ports across restarts.
 */
export async function assignPortBindings(
  ctx: EngineContext,
  requested: readonly PortBinding[],
): Promise<PortBinding[]> {
  checkBindingConflicts(requested);
  if (requested.every((binding) => binding.hostPort !== 0)) return [...requested];
  const stored = storedHostPorts(ctx);
  return assignHostPorts(requested, freeTcpPort, async (binding, start) => {
    for (let port = start; port < start + binding.range; port++) {
      if (stored.has(`${binding.protocol}/${port}`)) return false;
      if (await portInUse(port, binding.protocol, binding.hostIp)) return false;
    }
    return true;
  });
}

/** `tcp/8080` for every host port any container (in any state) has stored. */
function storedHostPorts(ctx: EngineContext): Set<string> {
  const taken = new Set<string>();
  for (const record of ctx.state.containers.list()) {
    let ports: PortBinding[];
    try {
      ports = readContainerConfig(record.config, record.id).ports ?? [];
    } catch {
      continue;
    }
    for (const port of ports.flatMap(bindingPorts)) taken.add(`${port.protocol}/${port.hostPort}`);
  }
  return taken;
}
