// Keeps a network's firewall in step with the endpoints the state DB holds on it.
import type { BridgeNetwork, NetworkAttachment } from '../network/bridge-network.ts';
import type { Firewall } from '../network/firewall.ts';
import type { EngineContext } from './engine-context.ts';
import { withNftMutex } from './network-locks.ts';
import { liveEndpoints } from './network-endpoints.ts';

/** Rebuilds the network's rules from its live endpoints (without `excluding`'s), or removes them when none are left. */
export function syncFirewall(
  ctx: EngineContext,
  firewall: Firewall,
  network: BridgeNetwork,
  excluding?: string,
): void {
  // Rendered and applied under the nft mutex: each process renders from the endpoints as they are
  // when its turn comes, so two processes never apply views in the wrong order.
  withNftMutex(ctx, () => {
    const current: NetworkAttachment[] = liveEndpoints(ctx)
      .filter((entry) => entry.name === network.name && entry.containerId !== excluding)
      .map((entry) => ({ containerId: entry.containerId, ip: entry.ip, ports: entry.ports }));
    if (current.length > 0) firewall.apply(network, current);
    else firewall.remove(network);
  });
}
