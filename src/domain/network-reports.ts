// Options and reports for `berth network …` and run's network flags. Plain JSON data.
import type { ErrorData } from '../lib/berth-error.ts';

export interface NetworkCreateOptions {
  /** NAME; default berthN. */
  name?: string;
  /** -d/--driver; only `bridge`. */
  driver: string;
  subnet?: string;
  gateway?: string;
  ipRange?: string;
  internal: boolean;
  /** --disable-dns */
  disableDns: boolean;
  labels: Record<string, string>;
}

/** podman 4's `network inspect` object. */
export interface NetworkInspectReport {
  name: string;
  id: string;
  driver: string;
  network_interface: string;
  created: string;
  subnets: {
    subnet: string;
    gateway: string;
    lease_range?: { start_ip: string; end_ip: string };
  }[];
  ipv6_enabled: boolean;
  internal: boolean;
  dns_enabled: boolean;
  labels?: Record<string, string>;
  ipam_options: { driver: string };
}

export interface NetworkRemoveReport {
  name: string;
  /** As data: BerthError.fromData rebuilds it. */
  error?: ErrorData;
}

/** run's network flags (--ip, --mac-address, --network-alias, --dns, --dns-search, --dns-option, --add-host). */
export interface ContainerNetworkFlags {
  ip?: string;
  mac?: string;
  aliases?: string[];
  dns?: string[];
  dnsSearch?: string[];
  dnsOptions?: string[];
  addHosts?: string[];
}

export interface NetworkApi {
  create(options: NetworkCreateOptions): Promise<string>;
  /** --filter name=, id=, driver=, label= */
  list(filters: string[]): Promise<NetworkInspectReport[]>;
  inspect(
    names: string[],
  ): Promise<{ data: NetworkInspectReport[]; errors: NetworkRemoveReport[] }>;
  remove(names: string[], force: boolean): Promise<NetworkRemoveReport[]>;
  /** Removes every user network no container uses; returns the names removed. */
  prune(): Promise<string[]>;
  exists(name: string): Promise<boolean>;
  connect(network: string, container: string, flags: ContainerNetworkFlags): Promise<void>;
  disconnect(network: string, container: string): Promise<void>;
  /** Re-applies rules of running containers, removes veths and tables of ones no longer running. */
  reload(): Promise<string[]>;
}
