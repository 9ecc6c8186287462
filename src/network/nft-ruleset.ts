// Renders a bridge network's whole nftables table (NAT for egress, DNAT for published ports from
// other hosts and from the host itself, localhost access, forwarding) as one `nft -f` batch that
// replaces the table atomically. Pure: the ruleset follows from the network and its containers.
import type { BridgeNetwork, NetworkAttachment } from './bridge-network.ts';
import { subnetOf } from './bridge-network.ts';

export function nftTableName(network: BridgeNetwork): string {
  return `berth-${network.name}`;
}

export function renderRuleset(
  network: BridgeNetwork,
  attachments: readonly NetworkAttachment[],
): string {
  const table = nftTableName(network);
  const subnet = subnetOf(network);
  const dnat = attachments.flatMap((attachment) =>
    attachment.ports.map((port) => {
      const daddr = port.hostIp && port.hostIp !== '0.0.0.0' ? `ip daddr ${port.hostIp} ` : '';
      return `    ${daddr}${port.protocol} dport ${port.hostPort} dnat ip to ${attachment.ip}:${port.containerPort}`;
    }),
  );
  return [
    // Create-then-delete makes the delete safe when the table does not exist yet; all in one batch.
    `table inet ${table}`,
    `delete table inet ${table}`,
    `table inet ${table} {`,
    '  chain portmap {',
    ...dnat,
    '  }',
    '  chain prerouting {',
    '    type nat hook prerouting priority dstnat; policy accept;',
    '    fib daddr type local jump portmap',
    '  }',
    '  chain output {',
    '    type nat hook output priority -100; policy accept;',
    '    fib daddr type local jump portmap',
    '  }',
    '  chain postrouting {',
    '    type nat hook postrouting priority srcnat; policy accept;',
    ...(network.internal
      ? []
      : [`    ip saddr ${subnet} ip daddr != ${subnet} ip daddr != 224.0.0.0/4 masquerade`]),
    // Connections to a published port from 127.0.0.1 or from a container (hairpin) need a source
    // the container can answer: the bridge address.
    `    ip saddr 127.0.0.0/8 ip daddr ${subnet} ct status dnat masquerade`,
    `    ip saddr ${subnet} ip daddr ${subnet} ct status dnat masquerade`,
    '  }',
    '  chain forward {',
    '    type filter hook forward priority filter; policy accept;',
    `    ip daddr ${subnet} ct state established,related accept`,
    // --internal: nothing leaves the subnet and nothing from outside reaches it.
    ...(network.internal
      ? [
          `    ip saddr ${subnet} ip daddr != ${subnet} drop`,
          `    ip daddr ${subnet} ip saddr != ${subnet} drop`,
        ]
      : [`    ip saddr ${subnet} accept`]),
    `    ip daddr ${subnet} ct status dnat accept`,
    '  }',
    '}',
    '',
  ].join('\n');
}

export function deleteTableBatch(network: BridgeNetwork): string {
  const table = nftTableName(network);
  return `table inet ${table}\ndelete table inet ${table}\n`;
}
