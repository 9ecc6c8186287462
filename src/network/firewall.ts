// The Firewall role: a bridge network's rules (NAT, published ports, forwarding) made to match its
// containers, as one atomic change per call. Synchronous on purpose: the engine renders and
// applies inside one state write transaction (its firewall mutex), which cannot await.
import type { BridgeNetwork, NetworkAttachment } from './bridge-network.ts';

export interface Firewall {
  /** Replaces the network's whole ruleset with the one for these containers. */
  apply(network: BridgeNetwork, attachments: readonly NetworkAttachment[]): void;
  /** Removes the network's ruleset; fine when there is none. */
  remove(network: BridgeNetwork): void;
}

/** For networks without a firewall (a rootless network whose ports another process forwards). */
export class NoFirewall implements Firewall {
  apply(): void {}
  remove(): void {}
}
