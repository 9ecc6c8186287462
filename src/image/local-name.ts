// Normalises a name for an image made locally (import, commit, tag) as podman does: a name
// without a registry gets `localhost/`, a name without tag or digest gets `:latest`.
import { BerthError } from '../lib/berth-error.ts';

const componentRe = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;

export function normalizeLocalName(input: string): string {
  const name = input.trim();
  if (name === '' || name !== name.toLowerCase() && !/[:@]/.test(name)) {
    throw new BerthError('INVALID_ARGUMENT', `invalid reference format: repository name must be lowercase`);
  }
  const at = name.indexOf('@');
  const beforeDigest = at >= 0 ? name.slice(0, at) : name;
  const lastSlash = beforeDigest.lastIndexOf('/');
  const colon = beforeDigest.lastIndexOf(':');
  const hasTag = colon > lastSlash;
  const repository = hasTag ? beforeDigest.slice(0, colon) : beforeDigest;
  const parts = repository.split('/');
  const first = parts[0] ?? '';
  const hasDomain = parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost');
  for (const part of hasDomain ? parts.slice(1) : parts) {
    if (!componentRe.test(part)) throw new BerthError('INVALID_ARGUMENT', `invalid reference format: "${input}"`);
  }
  const qualified = hasDomain ? repository : `localhost/${repository}`;
  if (at >= 0) return `${qualified}${hasTag ? beforeDigest.slice(colon) : ''}${name.slice(at)}`;
  return `${qualified}:${hasTag ? beforeDigest.slice(colon + 1) : 'latest'}`;
}
