// `network connect` / `disconnect` of a running container: one more interface (eth1…) with its
// own address, or one less; firewall and DNS follow.
import { randomBytes } from 'node:crypto';
import { BerthError } from '../lib/berth-error.ts';
import { deleteLink } from '../host/net-apply.ts';
import { allocateInRange } from '../network/ipam.ts';
import { vethName } from '../network/bridge-network.ts';
import { randomMac } from '../network/network-definition.ts';
import type { EngineContext } from './engine-context.ts';
import {
  applyRuleset,
  attachEndpoint,
  endpointsOf,
  findNetwork,
  liveEndpoints,
} from './container-network.ts';
import { readStateData, type NetworkEndpoint } from './container-model.ts';
import { syncDns } from './network-dns.ts';

export async function connectContainer(
  ctx: EngineContext,
  id: string,
  networkName: string,
  aliases: string[],
): Promise<void> {
  const network = findNetwork(ctx, networkName);
  const { endpoint, pid } = ctx.state.write(() => {
    const record = ctx.state.containers.get(id);
    if (!record || record.state !== 'running')
      throw new BerthError(
        'CONTAINER_STATE',
        `container ${id} is not running: berth connects running containers only`,
      );
    const data = readStateData(record.stateData, id);
    const current = endpointsOf(data);
    if (current.some((entry) => entry.name === network.name))
      throw new BerthError(
        'INVALID_ARGUMENT',
        `container ${id} is already connected to network "${network.name}": network is already connected`,
      );
    const used = new Set([
      network.gateway,
      ...liveEndpoints(ctx)
        .filter((entry) => entry.name === network.name)
        .map((entry) => entry.ip),
    ]);
    const taken = new Set(current.map((entry) => entry.iface ?? 'eth0'));
    let index = 0;
    while (taken.has(`eth${index}`)) index++;
    const added: NetworkEndpoint = {
      name: network.name,
      ip: allocateInRange(network.subnet, used, network.ipRange),
      iface: `eth${index}`,
      mac: randomMac(randomBytes(6)),
      ...(aliases.length > 0 ? { aliases } : {}),
    };
    ctx.state.containers.updateState(id, record.state, {
      ...data,
      extraNetworks: [...(data.extraNetworks ?? []), added],
    });
    return { endpoint: added, pid: data.pid };
  });
  if (pid === undefined) throw new BerthError('CONTAINER_STATE', `container ${id} has no process`);
  await attachEndpoint(ctx, id, endpoint, [], pid);
  await syncDns(ctx);
}

export async function disconnectContainer(
  ctx: EngineContext,
  id: string,
  networkName: string,
): Promise<void> {
  const network = findNetwork(ctx, networkName);
  const removed = ctx.state.write(() => {
    const record = ctx.state.containers.get(id);
    if (!record)
      throw new BerthError(
        'NO_SUCH_CONTAINER',
        `no container with name or ID "${id}" found: no such container`,
      );
    const data = readStateData(record.stateData, id);
    const found = endpointsOf(data).find((entry) => entry.name === network.name);
    if (!found)
      throw new BerthError(
        'INVALID_ARGUMENT',
        `container ${id} is not connected to network ${network.name}`,
      );
    const next = { ...data };
    if (data.network === found) delete next.network;
    const extra = (data.extraNetworks ?? []).filter((entry) => entry !== found);
    if (extra.length > 0) next.extraNetworks = extra;
    else delete next.extraNetworks;
    ctx.state.containers.updateState(id, record.state, next);
    return found;
  });
  await deleteLink(vethName(id, removed.iface));
  await applyRuleset(ctx, network);
  await syncDns(ctx);
}
