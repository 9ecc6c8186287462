// Finds base chains of other firewalls that drop forwarded packets by default (docker sets the
// iptables FORWARD policy to DROP, and iptables-nft shows it as `table ip filter`). A drop in any
// base chain on the forward hook wins over berth's accept in its own table, so containers on a
// bridge cannot reach other networks; berth never edits other tables, so it reports this instead.

export interface DroppingChain {
  family: string;
  table: string;
  chain: string;
}

/** The dropping forward chains in `nft -j list chains` output, except berth's own tables. */
export function forwardDropChains(nftJson: string): DroppingChain[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(nftJson);
  } catch {
    return [];
  }
  const items = (parsed as { nftables?: unknown }).nftables;
  if (!Array.isArray(items)) return [];
  const found: DroppingChain[] = [];
  for (const item of items) {
    const chain = (item as { chain?: Record<string, unknown> }).chain;
    if (!chain || chain['hook'] !== 'forward' || chain['policy'] !== 'drop') continue;
    const table = String(chain['table'] ?? '');
    if (table.startsWith('berth')) continue;
    found.push({
      family: String(chain['family'] ?? ''),
      table,
      chain: String(chain['name'] ?? ''),
    });
  }
  return found;
}

/** One line for `info` and for the warning at bridge set-up. */
export function forwardDropMessage(chains: readonly DroppingChain[], subnet?: string): string {
  const where = chains.map((c) => `table ${c.family} ${c.table} chain ${c.chain}`).join(', ');
  const scope = subnet === undefined ? 'bridge networks' : subnet;
  return `the host firewall drops forwarded packets (${where}, policy drop): containers on ${scope} cannot reach other networks until that firewall accepts forwarding for them (docker sets this policy)`;
}
