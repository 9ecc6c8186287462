// Short-name resolution as containers/image's pkg/shortnames: the pull candidates for a name
// (alias, then unqualified-search registries, short-name-mode) and the local lookup order.
// Pure: it never prompts, reads files or contacts a registry; the caller does (see PullPlan).
import { BerthError } from '../lib/berth-error.ts';
import type { RegistriesConfig } from '../config/registries-conf.ts';
import { resolveShortNameAlias } from '../config/registry-match.ts';
import type { AliasTable } from '../config/short-name-alias.ts';
import {
  formatReference,
  parseNormalizedReference,
  parseReference,
  withDefaultTag,
  type ImageReference,
} from './reference.ts';

export type PullRationale = 'fully-qualified' | 'alias' | 'search' | 'prompt';

export interface PullPlan {
  /** References to try in order, fully qualified with tag or digest. */
  candidates: string[];
  rationale: PullRationale;
  /**
   * podman's line before pulling: `Resolved "alpine" as an alias (FILE)` or `Resolving "x"
   * using unqualified-search registries (FILE)`; undefined for fully-qualified names.
   */
  description?: string;
  /** When rationale is 'prompt': ask the user to choose one candidate (stdin and stdout are TTYs). */
  needsPrompt: boolean;
}

export interface PullCandidateOptions {
  /** Both stdin and stdout are terminals (podman prompts only then). */
  tty: boolean;
  /** The machine-written short-name-aliases.conf table; consulted before config aliases. */
  aliasCache?: AliasTable;
}

/** The short name split into repository and the tag/digest to re-append. */
function splitShortName(ref: ImageReference): { repo: string; suffix: string } {
  return {
    repo: ref.path,
    suffix: ref.digest !== undefined ? `@${ref.digest}` : `:${ref.tag ?? 'latest'}`,
  };
}

/** `name:tag@digest` -> `name@digest`: the digest wins, as libimage pulls it. */
function withoutTagWhenDigested(name: string): string {
  const ref = parseReference(name);
  if (ref.digest === undefined || ref.tag === undefined) return name;
  const { tag: _tag, ...rest } = ref;
  return formatReference(rest);
}

function qualify(registry: string, name: string): string {
  return formatReference(withDefaultTag(parseNormalizedReference(`${registry}/${name}`)));
}

function aliasCandidate(
  name: string,
  config: RegistriesConfig,
  cache: AliasTable | undefined,
): { reference: string; origin: string } | undefined {
  const ref = parseReference(name);
  const { repo, suffix } = splitShortName(ref);
  const alias = resolveShortNameAlias(config, cache ?? new Map(), repo);
  if (alias === undefined || alias.value === null) return undefined;
  return { reference: `${alias.value}${suffix}`, origin: alias.origin };
}

/**
 * What `berth pull NAME` tries, in podman's order. A fully-qualified name is the only candidate.
 * A short name: its alias alone if it has one; else the unqualified-search registries, subject
 * to short-name-mode (enforcing: several registries without a TTY is an error; permissive: try
 * them all; disabled: try them all). Throws INVALID_ARGUMENT with podman's words.
 */
export function pullCandidates(
  input: string,
  config: RegistriesConfig,
  options: PullCandidateOptions,
): PullPlan {
  const name = withoutTagWhenDigested(input);
  const ref = parseReference(name);
  if (ref.domain !== undefined) {
    return {
      candidates: [formatReference(withDefaultTag(parseNormalizedReference(name)))],
      rationale: 'fully-qualified',
      needsPrompt: false,
    };
  }
  const alias = aliasCandidate(name, config, options.aliasCache);
  if (alias !== undefined) {
    return {
      candidates: [alias.reference],
      rationale: 'alias',
      description: `Resolved ${JSON.stringify(input)} as an alias (${alias.origin})`,
      needsPrompt: false,
    };
  }
  const registries = config.unqualifiedSearchRegistries;
  const origin = config.unqualifiedSearchRegistriesOrigin;
  if (registries.length === 0) {
    throw new BerthError(
      'INVALID_ARGUMENT',
      `short-name ${JSON.stringify(input)} did not resolve to an alias and no unqualified-search registries are defined in ${JSON.stringify(origin)}`,
    );
  }
  const candidates = registries.map((registry) => qualify(registry, name));
  const plan: PullPlan = {
    candidates,
    rationale: 'search',
    description: `Resolving ${JSON.stringify(input)} using unqualified-search registries (${origin})`,
    needsPrompt: false,
  };
  if (candidates.length === 1 || config.shortNameMode === 'disabled') return plan;
  if (!options.tty) {
    if (config.shortNameMode === 'enforcing') {
      throw new BerthError(
        'INVALID_ARGUMENT',
        'short-name resolution enforced but cannot prompt without a TTY',
      );
    }
    return plan;
  }
  return { ...plan, rationale: 'prompt', needsPrompt: true };
}

/**
 * The names a local lookup tries after the name as given (shortnames.ResolveLocally, in the
 * order podman 4 uses): a fully-qualified name normalised (docker.io/library, `:latest`); a
 * short name: its alias, each unqualified-search registry, then `localhost/`.
 */
export function localCandidates(
  name: string,
  config: RegistriesConfig,
  aliasCache?: AliasTable,
): string[] {
  const ref = parseReference(name);
  if (ref.domain !== undefined)
    return [formatReference(withDefaultTag(parseNormalizedReference(name)))];
  const candidates: string[] = [];
  const alias = aliasCandidate(name, config, aliasCache);
  if (alias !== undefined) candidates.push(alias.reference);
  for (const registry of [...config.unqualifiedSearchRegistries, 'localhost']) {
    const candidate = qualify(registry, name);
    if (!candidates.includes(candidate)) candidates.push(candidate);
  }
  return candidates;
}
