// Normalises a name for an image made locally (import, commit, tag) as podman does: a name
// without a registry gets `localhost/`, a name without tag or digest gets `:latest`.
import { normalizeLocalImageName } from './reference.ts';

/** libimage.NormalizeName; see reference.ts. Kept as the import verb's entry point. */
export function normalizeLocalName(input: string): string {
  return normalizeLocalImageName(input.trim());
}
