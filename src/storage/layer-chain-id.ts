// The OCI ChainID, which names every image layer: the one formula pull, import, commit, load,
// save and push share. Pure.
import { createHash } from 'node:crypto';
import { digestHex, type Digest } from '../lib/digest.ts';

/**
 * The layer id (ChainID hex) of a layer with diffID `diffId` on top of layer `parent` (a layer
 * id, or null for a base layer): chain(L0) = diffID(L0); chain(Ln) = sha256(chain(Ln-1) + " " + diffID(Ln)).
 */
export function chainId(parent: string | null, diffId: Digest): string {
  if (parent === null) return digestHex(diffId);
  return createHash('sha256').update(`sha256:${parent} ${diffId}`).digest('hex');
}

/** The layer ids of an image's layers, base first, from its config's diff IDs. */
export function chainIds(diffIds: readonly Digest[]): string[] {
  const ids: string[] = [];
  let parent: string | null = null;
  for (const diffId of diffIds) {
    parent = chainId(parent, diffId);
    ids.push(parent);
  }
  return ids;
}
