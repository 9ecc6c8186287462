// BridgeDriver: a container's endpoints as veth pairs on Linux bridges (iproute2 batches rendered by
// bridge-network.ts). Every step that touches the host goes through a BridgeHost, so the rollback of
// a half-done setup is unit-tested with a recording fake; host/net-apply.ts is the real one.
import { randomBytes } from 'node:crypto';
import { log } from '../lib/log.ts';
import {
  deleteLink,
  ipBatch,
  ipBatchInNetns,
  linkExists,
  linksOnBridge,
  listNftChains,
  portInUse,
  setSysctl,
} from '../host/net-apply.ts';
import {
  bridgeBatch,
  containerSetupBatch,
  hostSetupBatch,
  isBerthVeth,
  vethName,
  type BridgeNetwork,
} from './bridge-network.ts';
import { forwardDropChains, forwardDropMessage } from './forward-policy.ts';
import { randomMac } from './network-definition.ts';
import { subnetString } from './ipam.ts';
import type { Endpoint, NetworkDriver } from './network-driver.ts';
import type { PortMapping } from './port-spec.ts';

/** The host operations a bridge needs (host/net-apply.ts). */
export interface BridgeHost {
  ipBatch(lines: readonly string[], options?: { force?: boolean }): Promise<void>;
  ipBatchInNetns(pid: number, lines: readonly string[]): Promise<void>;
  linkExists(name: string): Promise<boolean>;
  deleteLink(name: string): Promise<void>;
  linksOnBridge(bridge: string): Promise<string[]>;
  setSysctl(key: string, value: string): Promise<void>;
  listNftChains(): Promise<string>;
  portInUse(port: number, protocol: 'tcp' | 'udp', hostIp: string): Promise<boolean>;
}

export const netApplyHost: BridgeHost = {
  ipBatch,
  ipBatchInNetns,
  linkExists,
  deleteLink,
  linksOnBridge,
  setSysctl,
  listNftChains,
  portInUse,
};

export class BridgeDriver implements NetworkDriver {
  readonly mode = 'bridge';

  constructor(private readonly host: BridgeHost = netApplyHost) {}

  async setup(containerId: string, pid: number, endpoints: readonly Endpoint[]): Promise<void> {
    if (endpoints.length === 0) return;
    await this.host.setSysctl('net.ipv4.ip_forward', '1');
    // Host ends of veths this setup may have created, so a failure removes exactly those.
    const created: Endpoint[] = [];
    try {
      for (const endpoint of endpoints) {
        await this.ensureBridge(endpoint.network);
        created.push(endpoint);
        await this.addVeth(endpoint, pid);
        await this.host.ipBatchInNetns(
          pid,
          containerSetupBatch(endpoint.network, endpoint.attachment),
        );
      }
    } catch (error) {
      await this.teardown(containerId, created).catch((undoError: unknown) =>
        log.warn(`removing the interfaces of container ${containerId}: ${String(undoError)}`),
      );
      throw error;
    }
  }

  async teardown(containerId: string, endpoints: readonly Endpoint[]): Promise<void> {
    // Deleting the host end removes its peer in the container too.
    for (const endpoint of [...endpoints].reverse())
      await this.host.deleteLink(vethName(containerId, endpoint.attachment.iface));
  }

  portInUse(port: PortMapping): Promise<boolean> {
    return this.host.portInUse(port.hostPort, port.protocol, port.hostIp);
  }

  async reconcile(network: BridgeNetwork, liveContainerIds: readonly string[]): Promise<void> {
    for (const link of await this.host.linksOnBridge(network.bridge)) {
      const veth = isBerthVeth(link);
      if (veth && !liveContainerIds.some((id) => id.startsWith(veth.containerPrefix)))
        await this.host.deleteLink(link);
    }
    if (liveContainerIds.length > 0) await this.ensureBridge(network);
  }

  async removeNetwork(network: BridgeNetwork): Promise<void> {
    await this.host.deleteLink(network.bridge);
  }

  /** The veth pair; a stale host end of the same name (a start killed half-way) is removed first. */
  private async addVeth({ network, attachment }: Endpoint, pid: number): Promise<void> {
    try {
      await this.host.ipBatch(hostSetupBatch(network, attachment, pid));
    } catch (error) {
      const veth = vethName(attachment.containerId, attachment.iface);
      if (!(await this.host.linkExists(veth))) throw error;
      await this.host.deleteLink(veth);
      await this.host.ipBatch(hostSetupBatch(network, attachment, pid));
    }
  }

  /** The bridge belongs to the network, not to one container: made once, never undone by a setup. */
  private async ensureBridge(network: BridgeNetwork): Promise<void> {
    if (await this.host.linkExists(network.bridge)) return;
    await this.host.ipBatch(bridgeBatch(network, randomMac(randomBytes(6))), { force: true });
    await this.host.setSysctl(`net.ipv4.conf.${network.bridge}.route_localnet`, '1');
    // Checked when the bridge appears (not on every run): a host firewall that drops forwarding.
    const dropping = forwardDropChains(await this.host.listNftChains());
    if (dropping.length > 0) log.warn(forwardDropMessage(dropping, subnetString(network.subnet)));
  }
}
