// Where a fully qualified name is pulled from, as podman does: the registries.conf [[registry]]'s
// blocked flag, mirrors, location rewrite and insecure flag, and policy.json's verdict. No network.
// (Short names become candidates in image/short-name.ts.)
import { homedir } from 'node:os';
import { BerthError } from '../lib/berth-error.ts';
import { loadRegistriesConfig, type RegistriesConfig } from '../config/registries-conf.ts';
import { findRegistry, pullSources } from '../config/registry-match.ts';
import { evaluatePolicy, loadPolicy } from '../config/policy-json.ts';
import {
  formatReference,
  parseNormalizedReference,
  type NormalizedReference,
} from '../image/reference.ts';

/** One place to pull from: the user-facing name and where the bytes really come from. */
export interface PullCandidate {
  /** The name the image gets locally (`host/repo:tag` or `host/repo@digest`). */
  name: string;
  /** The reference to fetch (after location rewrite / mirror). */
  source: NormalizedReference;
  insecure: boolean;
}

/**
 * The sources for one name: mirrors then the primary location. `tlsVerify` (the flag) overrides
 * registries.conf's insecure. Throws for a blocked registry.
 */
export function sourcesFor(
  name: NormalizedReference,
  registries: RegistriesConfig,
  tlsVerify: boolean | undefined,
): PullCandidate[] {
  const text = formatReference(name);
  const registry = findRegistry(registries, text);
  if (registry?.blocked) {
    throw new BerthError(
      'POLICY_DENIED',
      `initializing source docker://${text}: registry ${name.domain} is blocked in ${registries.sources.join(' or ') || 'registries.conf'}`,
    );
  }
  const sources = registry
    ? pullSources(registry, text)
    : [{ reference: text, insecure: false, mirror: false }];
  return sources.map((source) => ({
    name: text,
    source: parseNormalizedReference(source.reference),
    insecure: tlsVerify === undefined ? source.insecure : !tlsVerify,
  }));
}

/** policy.json for the docker transport: reject and unverifiable signature requirements refuse the pull. */
export function checkPolicy(reference: string, env: NodeJS.ProcessEnv, signaturePolicyPath?: string): void {
  const { policy } = loadPolicy({ homeDir: env['HOME'] ?? homedir(), ...(signaturePolicyPath ? { signaturePolicyPath } : {}) });
  const decision = evaluatePolicy(policy, 'docker', reference);
  if (decision === 'accept') return;
  if (decision === 'reject') {
    throw new BerthError(
      'POLICY_DENIED',
      `Source image rejected: Running image docker://${reference} is rejected by policy.`,
    );
  }
  throw new BerthError(
    'NOT_SUPPORTED',
    `Source image rejected: signature requirement "${decision.unsupported}" for docker://${reference} cannot be verified by berth yet`,
    {
      hint: 'berth verifies no signatures yet; use insecureAcceptAnything for this scope in policy.json',
    },
  );
}

export function loadPullRegistries(env: NodeJS.ProcessEnv, rootless: boolean): RegistriesConfig {
  return loadRegistriesConfig({ env, rootless, homeDir: env['HOME'] ?? homedir() });
}
