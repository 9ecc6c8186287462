// Chooses the network role implementations the engine talks to: the driver for a container's
// network mode, the firewall and the DNS server. The one place engine/ names an implementation;
// unit tests pass recording fakes (network/recording-network-roles.ts) instead.
import { join } from 'node:path';
import { AardvarkDns } from '../network/aardvark-dns.ts';
import { BridgeDriver } from '../network/bridge-driver.ts';
import type { DnsServer } from '../network/dns-server.ts';
import type { Firewall } from '../network/firewall.ts';
import type { NetworkDriver, NetworkMode } from '../network/network-driver.ts';
import { NftFirewall } from '../network/nft-firewall.ts';
import { NoInterfacesDriver } from '../network/no-interfaces-driver.ts';
import type { ContainerConfig } from './container-model.ts';
import type { EngineContext } from './engine-context.ts';

export interface NetworkRoles {
  driver(mode: NetworkMode): NetworkDriver;
  firewall: Firewall;
  dns: DnsServer;
}

export function hostNetworkRoles(ctx: EngineContext): NetworkRoles {
  return {
    driver: hostNetworkDriver,
    firewall: new NftFirewall(),
    dns: new AardvarkDns(join(ctx.paths.runroot, 'networks', 'aardvark')),
  };
}

export function hostNetworkDriver(mode: NetworkMode): NetworkDriver {
  return mode === 'bridge' ? new BridgeDriver() : new NoInterfacesDriver(mode);
}

/** The stored --network value as a driver mode. */
export function networkModeOf(config: ContainerConfig): NetworkMode {
  return config.network.mode;
}
