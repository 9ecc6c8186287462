// The docker reference grammar (containers/image docker/reference): parsing with podman's error
// words, docker.io normalisation, familiar and full string forms. Pure; knows no registries.conf.
import { BerthError } from '../lib/berth-error.ts';

/** A parsed reference. `domain` is set only when the first component is a registry host. */
export interface ImageReference {
  domain?: string;
  /** Repository path below the domain, e.g. `library/busybox`. */
  path: string;
  tag?: string;
  digest?: string;
}

/** A reference after docker normalisation: the domain is always present. */
export interface NormalizedReference extends ImageReference {
  domain: string;
}

export const defaultDomain = 'docker.io';
const legacyDefaultDomain = 'index.docker.io';
const officialRepoPrefix = 'library/';
export const nameMaxLength = 255;

const domainComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const domain = `(?:${domainComponent}(?:\\.${domainComponent})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?`;
const pathComponent = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const name = `(?:${domain}/)?${pathComponent}(?:/${pathComponent})*`;
const tag = '[\\w][\\w.-]{0,127}';
const digest = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const referenceRe = new RegExp(`^(${name})(?::(${tag}))?(?:@(${digest}))?$`);
const identifierRe = /^[a-f0-9]{64}$/;
const digestLengths: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 };

function invalid(message: string): BerthError {
  return new BerthError('INVALID_ARGUMENT', message);
}

/**
 * reference.Parse plus podman's domain rule: the first component is a domain only if it holds
 * `.` or `:`, is `localhost`, or has uppercase letters. Throws INVALID_ARGUMENT with podman's
 * words: `invalid reference format`, `repository name must be lowercase`, and the like.
 */
export function parseReference(input: string): ImageReference {
  const match = referenceRe.exec(input);
  if (match === null) {
    if (input === '') throw invalid('repository name must have at least one component');
    if (referenceRe.test(input.toLowerCase())) throw invalid('repository name must be lowercase');
    throw invalid('invalid reference format');
  }
  const [, fullName = '', tagPart, digestPart] = match;
  if (fullName.length > nameMaxLength) {
    throw invalid(`repository name must not be more than ${nameMaxLength} characters`);
  }
  if (digestPart !== undefined) validateDigest(digestPart);
  const { domain: host, path } = splitDomain(fullName);
  const ref: ImageReference = { path };
  if (host !== undefined) ref.domain = host;
  if (tagPart !== undefined) ref.tag = tagPart;
  if (digestPart !== undefined) ref.digest = digestPart;
  return ref;
}

function validateDigest(value: string): void {
  const colon = value.indexOf(':');
  const algorithm = value.slice(0, colon);
  const hex = value.slice(colon + 1);
  const length = digestLengths[algorithm];
  if (length === undefined) throw invalid('unsupported digest algorithm');
  if (hex.length !== length) throw invalid('invalid checksum digest length');
  if (!/^[a-f0-9]+$/.test(hex)) throw invalid('invalid checksum digest format');
}

function splitDomain(fullName: string): { domain?: string; path: string } {
  const slash = fullName.indexOf('/');
  if (slash === -1) return { path: fullName };
  const first = fullName.slice(0, slash);
  if (/[.:]/.test(first) || first === 'localhost' || first.toLowerCase() !== first) {
    return { domain: first, path: fullName.slice(slash + 1) };
  }
  return { path: fullName };
}

/** True when the input names no registry (`busybox`, `user/app:1`). Throws on malformed input. */
export function isShortName(input: string): boolean {
  return parseReference(input).domain === undefined;
}

/**
 * reference.ParseNormalizedNamed: docker.io for short names, `library/` for official images,
 * `index.docker.io` folded into `docker.io`. Tag and digest stay as given (see withDefaultTag).
 */
export function parseNormalizedReference(input: string): NormalizedReference {
  if (identifierRe.test(input)) {
    throw invalid(`invalid repository name (${input}), cannot specify 64-byte hexadecimal strings`);
  }
  const ref = parseReference(input);
  let host = ref.domain ?? defaultDomain;
  if (host === legacyDefaultDomain) host = defaultDomain;
  let path = ref.path;
  if (host === defaultDomain && !path.includes('/')) path = `${officialRepoPrefix}${path}`;
  const normalized: NormalizedReference = { ...ref, domain: host, path };
  return normalized;
}

/** reference.TagNameOnly: `:latest` when there is neither tag nor digest. */
export function withDefaultTag<T extends ImageReference>(ref: T): T {
  return ref.tag === undefined && ref.digest === undefined ? { ...ref, tag: 'latest' } : ref;
}

/** `busybox` -> `docker.io/library/busybox:latest`; `quay.io/a/b@sha256:…` stays as it is. */
export function normalizeDockerReference(input: string): string {
  return formatReference(withDefaultTag(parseNormalizedReference(input)));
}

/** `domain/path[:tag][@digest]` (no domain for a short reference). */
export function formatReference(ref: ImageReference): string {
  const base = ref.domain === undefined ? ref.path : `${ref.domain}/${ref.path}`;
  return `${base}${ref.tag === undefined ? '' : `:${ref.tag}`}${ref.digest === undefined ? '' : `@${ref.digest}`}`;
}

/** The repository: `domain/path` without tag or digest. */
export function repositoryOf(ref: ImageReference): string {
  return ref.domain === undefined ? ref.path : `${ref.domain}/${ref.path}`;
}

/** reference.FamiliarString: docker.io and library/ dropped (`docker.io/library/a:1` -> `a:1`). */
export function familiarString(ref: ImageReference): string {
  if (ref.domain !== defaultDomain && ref.domain !== undefined) return formatReference(ref);
  const path = ref.path.startsWith(officialRepoPrefix)
    ? ref.path.slice(officialRepoPrefix.length)
    : ref.path;
  const familiar: ImageReference = { ...ref, path };
  delete familiar.domain;
  return formatReference(familiar);
}

/**
 * libimage.NormalizeName, for names of local images (tag, import, commit): a name without a
 * registry gets `localhost/`, docker.io names are normalised, and `:latest` is added when
 * there is neither tag nor digest. Errors read `normalizing name "X": <reason>`.
 */
export function normalizeLocalImageName(input: string): string {
  try {
    const ref = parseReference(input);
    const local = ref.domain === undefined ? { ...ref, domain: 'localhost' } : ref;
    return formatReference(withDefaultTag(parseNormalizedReference(formatReference(local))));
  } catch (error) {
    if (error instanceof BerthError) {
      throw new BerthError(
        'INVALID_ARGUMENT',
        `normalizing name ${JSON.stringify(input)}: ${error.message}`,
        { cause: error },
      );
    }
    throw error;
  }
}
