// Where a fully qualified name is pulled from, as podman does: the registries.conf [[registry]]'s
// blocked flag, mirrors, location rewrite and insecure flag, and policy.json's verdict. No network.
// (Short names become candidates in image/short-name.ts.) Before all that, the local image the
// reference names decides, as in libimage (localPullStep).
import { homedir } from 'node:os';
import { BerthError, messageOf } from '../lib/berth-error.ts';
import { log } from '../lib/log.ts';
import { loadRegistriesConfig, type RegistriesConfig } from '../config/registries-conf.ts';
import { findRegistry, pullSources } from '../config/registry-match.ts';
import { evaluatePolicy, loadPolicy } from '../config/policy-json.ts';
import {
  formatReference,
  parseNormalizedReference,
  type NormalizedReference,
} from '../image/reference.ts';
import type { ImagePullOptions } from '../domain/image-reports.ts';
import type { EngineContext } from './engine-context.ts';
import { lookupLocalImage, type LocalImage } from './image-lookup.ts';

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
export function checkPolicy(
  reference: string,
  env: NodeJS.ProcessEnv,
  signaturePolicyPath?: string,
): void {
  const { policy } = loadPolicy({
    homeDir: env['HOME'] ?? homedir(),
    ...(signaturePolicyPath ? { signaturePolicyPath } : {}),
  });
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

/** What the local store says before any registry is asked: done, or the reference to pull. */
export type LocalPullStep =
  { kind: 'local'; image: { id: string; name: string } } | { kind: 'pull'; reference: string };

/**
 * libimage's first pull step, over the one local lookup (lookupLocalImage) that run and create
 * use too: --policy never and missing answer with the local image; a reference by ID cannot be
 * pulled; and a name that resolves to a local image pulls that image's fully-qualified name
 * instead of resolving the short name again (containers/podman#12305), unless --platform or
 * --all-tags is given.
 */
export function localPullStep(ctx: EngineContext, options: ImagePullOptions): LocalPullStep {
  const { reference } = options;
  let local: LocalImage | undefined;
  try {
    local = lookupLocalImage(ctx, reference);
  } catch (error) {
    log.debug(`looking up ${reference} in local storage: ${messageOf(error)}`);
  }
  const found = (image: LocalImage): LocalPullStep => ({
    kind: 'local',
    image: { id: image.image.id, name: image.name ?? reference },
  });
  if (options.policy === 'never') {
    if (local) return found(local);
    throw new BerthError('NO_SUCH_IMAGE', `${reference}: image not known`);
  }
  if (local === undefined) return { kind: 'pull', reference };
  if (options.policy === 'missing') return found(local);
  if (local.byId) {
    if (options.policy === 'always')
      throw new BerthError(
        'INVALID_ARGUMENT',
        `pull policy is always but image has been referred to by ID (${reference})`,
      );
    return found(local);
  }
  if (local.name === undefined || options.platform !== undefined || options.allTags)
    return { kind: 'pull', reference };
  if (local.name !== reference)
    log.debug(
      `image ${reference} resolved to local image ${local.name} which will be used for pulling`,
    );
  return { kind: 'pull', reference: local.name };
}
