// Answers questions about a loaded registries configuration: which [[registry]] table governs a
// reference (longest prefix, `*.domain` wildcards), where pulls really go (location rewrite and
// mirrors), short-name aliases, and `podman info`'s `registries:` object. Pure; no I/O.

import type { RegistriesConfig, RegistryEntry } from './registries-conf.ts';
import type { AliasTable } from './short-name-alias.ts';

/**
 * Length of the matched part of `ref` (a fully qualified `host[:port]/path[:tag|@digest]`, a
 * repository or a bare host), or -1. Like containers/image, `example.com:5000` also matches
 * the prefix `example.com`.
 */
export function refMatchingPrefix(ref: string, prefix: string): number {
  if (prefix.startsWith('*.')) return refMatchingSubdomainPrefix(ref, prefix);
  if (ref.length < prefix.length) return -1;
  if (ref.length === prefix.length) return ref === prefix ? prefix.length : -1;
  if (!ref.startsWith(prefix)) return -1;
  const next = ref[prefix.length];
  return next === ':' || next === '/' || next === '@' ? prefix.length : -1;
}

function refMatchingSubdomainPrefix(ref: string, prefix: string): number {
  const suffix = prefix.slice(1);
  const index = ref.indexOf(suffix);
  if (index === -1 || ref.slice(0, index).includes('/')) return -1;
  const end = index + suffix.length;
  if (end === ref.length) return end;
  const next = ref[end];
  return next === ':' || next === '/' || next === '@' ? end : -1;
}

/** The [[registry]] table with the longest matching prefix, or undefined. */
export function findRegistry(config: RegistriesConfig, ref: string): RegistryEntry | undefined {
  let best: RegistryEntry | undefined;
  for (const registry of config.registries) {
    if (refMatchingPrefix(ref, registry.prefix) === -1) continue;
    if (best === undefined || registry.prefix.length > best.prefix.length) best = registry;
  }
  return best;
}

/** `ref` with the registry's prefix replaced by `location` (as-is for an empty wildcard location). */
export function rewriteReference(ref: string, prefix: string, location: string): string {
  const matched = refMatchingPrefix(ref, prefix);
  if (matched === -1) throw new Error(`invalid prefix '${prefix}' for reference '${ref}'`);
  if (location === '') return ref;
  return location + ref.slice(matched);
}

export interface PullSource {
  /** The rewritten reference to pull. */
  reference: string;
  insecure: boolean;
  /** True for a mirror, false for the primary location (always last). */
  mirror: boolean;
}

/** Registry.PullSourcesFromReference: usable mirrors in order, then the primary location. */
export function pullSources(registry: RegistryEntry, ref: string): PullSource[] {
  const digested = ref.includes('@');
  const endpoints: { location: string; insecure: boolean; mirror: boolean }[] = [];
  for (const mirror of registry.mirrors) {
    if (registry.mirrorByDigestOnly && !digested) continue;
    if (mirror.pullFromMirror === 'digest-only' && !digested) continue;
    if (mirror.pullFromMirror === 'tag-only' && digested) continue;
    endpoints.push({ location: mirror.location, insecure: mirror.insecure, mirror: true });
  }
  endpoints.push({ location: registry.location, insecure: registry.insecure, mirror: false });
  return endpoints.map((endpoint) => ({
    reference: rewriteReference(ref, registry.prefix, endpoint.location),
    insecure: endpoint.insecure,
    mirror: endpoint.mirror,
  }));
}

export interface ResolvedAlias {
  /** Normalized target without tag/digest, or null when the alias was erased with "". */
  value: string | null;
  origin: string;
}

/** ResolveShortNameAlias: the alias cache first, then the registries.conf aliases. */
export function resolveShortNameAlias(
  config: RegistriesConfig,
  cache: AliasTable,
  name: string,
): ResolvedAlias | undefined {
  const cached = cache.get(name);
  if (cached !== undefined) return { value: cached.value, origin: cached.origin };
  const value = config.aliases[name];
  if (value === undefined) return undefined;
  return { value, origin: config.aliasOrigins[name] ?? '' };
}

export interface RegistryInfoMirror {
  Location: string;
  Insecure: boolean;
  PullFromMirror: string;
}

/** sysregistriesv2.Registry as Go's encoding/json writes it (field order kept). */
export interface RegistryInfo {
  Prefix: string;
  Location: string;
  Insecure: boolean;
  PullFromMirror: string;
  Mirrors: RegistryInfoMirror[] | null;
  Blocked: boolean;
  MirrorByDigestOnly: boolean;
}

/** `podman info`'s `registries:` map: one entry per prefix, plus `search` when non-empty. */
export function registriesInfo(config: RegistriesConfig): Record<string, RegistryInfo | string[]> {
  const info: Record<string, RegistryInfo | string[]> = {};
  for (const registry of config.registries) {
    info[registry.prefix] = {
      Prefix: registry.prefix,
      Location: registry.location,
      Insecure: registry.insecure,
      PullFromMirror: '',
      Mirrors:
        registry.mirrors.length === 0
          ? null
          : registry.mirrors.map((mirror) => ({
              Location: mirror.location,
              Insecure: mirror.insecure,
              PullFromMirror: mirror.pullFromMirror,
            })),
      Blocked: registry.blocked,
      MirrorByDigestOnly: registry.mirrorByDigestOnly,
    };
  }
  if (config.unqualifiedSearchRegistries.length > 0)
    info['search'] = [...config.unqualifiedSearchRegistries];
  return info;
}
