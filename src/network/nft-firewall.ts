// NftFirewall: each network's rules as berth's own nftables table, rendered whole by
// nft-ruleset.ts and applied as one `nft -f` batch (host/net-apply.ts), so it replaces atomically.
import { nftApplySync } from '../host/net-apply.ts';
import type { BridgeNetwork, NetworkAttachment } from './bridge-network.ts';
import type { Firewall } from './firewall.ts';
import { deleteTableBatch, renderRuleset } from './nft-ruleset.ts';

export class NftFirewall implements Firewall {
  /** `nft -f -` of one batch, blocking (the caller holds the firewall mutex). */
  constructor(private readonly applyBatch: (batch: string) => void = nftApplySync) {}

  apply(network: BridgeNetwork, attachments: readonly NetworkAttachment[]): void {
    this.applyBatch(renderRuleset(network, attachments));
  }

  remove(network: BridgeNetwork): void {
    this.applyBatch(deleteTableBatch(network));
  }
}
