// Renders one network's aardvark-dns config file: the gateway to listen on (and optional upstream
// servers), then one line per container `ID IPV4 IPV6 NAME,ALIAS…` (empty IPv6). Pure.

export interface DnsEntry {
  containerId: string;
  ip: string;
  /** The container's name first, then its aliases (and its short id, as podman adds). */
  names: string[];
}

export function renderAardvarkConfig(
  gateway: string,
  entries: readonly DnsEntry[],
  upstream: readonly string[] = [],
): string {
  const head = upstream.length > 0 ? `${gateway} ${upstream.join(',')}` : gateway;
  const lines = entries.map(
    (entry) => `${entry.containerId} ${entry.ip}  ${[...new Set(entry.names)].join(',')}`,
  );
  return `${[head, ...lines].join('\n')}\n`;
}
