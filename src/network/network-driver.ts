// The NetworkDriver role: what gives a container its network interfaces (the bridge's veths; none
// for --network none/host/container:ID; pasta later), as a setup/teardown pair. Interfaces only:
// addresses, firewall rules and DNS are the engine's, the Firewall's and the DnsServer's.
import type { BridgeNetwork, NetworkAttachment } from './bridge-network.ts';
import type { PortMapping } from './port-spec.ts';

/** run's network modes, one driver each (`container` is --network container:ID). */
export type NetworkMode = 'bridge' | 'none' | 'host' | 'container';

/** One interface of a container: the network it joins and its address there. */
export interface Endpoint {
  network: BridgeNetwork;
  attachment: NetworkAttachment;
}

export interface NetworkDriver {
  readonly mode: NetworkMode;
  /**
   * Creates the endpoints' interfaces in the network namespace of `pid`, in order. A setup that
   * fails half-way removes what it created before it throws: the caller has nothing to undo here.
   */
  setup(containerId: string, pid: number, endpoints: readonly Endpoint[]): Promise<void>;
  /** Removes what setup created for these endpoints; idempotent (missing interfaces are fine). */
  teardown(containerId: string, endpoints: readonly Endpoint[]): Promise<void>;
  /** True when something on the host already holds this published port (podman refuses to start). */
  portInUse(port: PortMapping): Promise<boolean>;
  /** `network reload`: the network's host side present when containers use it, stale interfaces gone. */
  reconcile(network: BridgeNetwork, liveContainerIds: readonly string[]): Promise<void>;
  /** `network rm`: the network's host side (its bridge) removed. */
  removeNetwork(network: BridgeNetwork): Promise<void>;
}
