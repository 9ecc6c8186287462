// The local NetworkApi: name resolution, filters, the "in use" policy of rm/prune, then the engine.
import { BerthError, isBerthError, toErrorData } from '../../lib/berth-error.ts';
import type { EngineContext } from '../../engine/engine-context.ts';
import {
  allNetworks,
  containersUsing,
  createNetwork,
  deleteNetwork,
  reloadNetworks,
} from '../../engine/network-verbs.ts';
import { connectContainer, disconnectContainer } from '../../engine/network-connect.ts';
import { removeContainer } from '../../engine/container-lifecycle.ts';
import type { NetworkApi, NetworkInspectReport, NetworkRemoveReport } from '../network-reports.ts';
import { resolveContainerId } from './resolve-refs.ts';

export function localNetworks(ctx: EngineContext): NetworkApi {
  const find = (ref: string): NetworkInspectReport => {
    const networks = allNetworks(ctx);
    const found =
      networks.find((network) => network.name === ref) ??
      networks.find((network) => ref.length >= 3 && network.id.startsWith(ref));
    if (!found)
      throw new BerthError(
        'NO_SUCH_NETWORK',
        `unable to find network with name or ID ${ref}: network not found`,
      );
    return found;
  };
  const isDefault = (name: string) => name === ctx.config().network.defaultNetwork;
  return {
    create: (options) => Promise.resolve(createNetwork(ctx, options)),
    list: (filters) =>
      Promise.resolve(
        allNetworks(ctx).filter((network) => filters.every((filter) => matches(network, filter))),
      ),
    inspect: (names) => {
      const data: NetworkInspectReport[] = [];
      const errors: NetworkRemoveReport[] = [];
      for (const name of names) {
        try {
          data.push(find(name));
        } catch (error) {
          if (!isBerthError(error)) throw error;
          errors.push({ name, error: toErrorData(error) });
        }
      }
      return Promise.resolve({ data, errors });
    },
    remove: async (names, force) => {
      const reports: NetworkRemoveReport[] = [];
      for (const name of names) {
        try {
          const network = find(name);
          if (isDefault(network.name))
            throw new BerthError(
              'INVALID_ARGUMENT',
              `default network ${network.name} cannot be removed`,
            );
          const users = containersUsing(ctx, network.name);
          if (users.length > 0 && !force)
            throw new BerthError(
              'NETWORK_IN_USE',
              `"${network.name}" has associated containers with it. Use -f to forcibly delete containers and pods: network is being used`,
            );
          for (const id of users) await removeContainer(ctx, id, true);
          await deleteNetwork(ctx, network.name);
          reports.push({ name: network.name });
        } catch (error) {
          if (!isBerthError(error)) throw error;
          reports.push({ name, error: toErrorData(error) });
        }
      }
      return reports;
    },
    prune: async () => {
      const removed: string[] = [];
      for (const network of allNetworks(ctx)) {
        if (isDefault(network.name) || containersUsing(ctx, network.name).length > 0) continue;
        await deleteNetwork(ctx, network.name);
        removed.push(network.name);
      }
      return removed;
    },
    exists: (name) => Promise.resolve(allNetworks(ctx).some((network) => network.name === name)),
    connect: (network, container, flags) =>
      connectContainer(
        ctx,
        resolveContainerId(ctx, container),
        find(network).name,
        flags.aliases ?? [],
      ),
    disconnect: (network, container) =>
      disconnectContainer(ctx, resolveContainerId(ctx, container), find(network).name),
    reload: () => reloadNetworks(ctx),
  };
}

function matches(network: NetworkInspectReport, filter: string): boolean {
  const at = filter.indexOf('=');
  const key = filter.slice(0, at);
  const value = filter.slice(at + 1);
  switch (key) {
    case 'name':
      return new RegExp(value).test(network.name);
    case 'id':
      return network.id.startsWith(value);
    case 'driver':
      return network.driver === value;
    case 'label': {
      const [labelKey = '', labelValue] = value.split('=');
      const labels = network.labels ?? {};
      return labelKey in labels && (labelValue === undefined || labels[labelKey] === labelValue);
    }
    default:
      throw new BerthError('INVALID_ARGUMENT', `invalid filter "${key}"`);
  }
}
