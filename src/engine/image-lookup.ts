// "Is this image local?", answered once for every verb: libimage's LookupImage over the local
// store. domain/local's resolver (run, create, rmi, inspect…) and pull's policy and short-name
// step (image-pull.ts) both call lookupLocalImage, so they never disagree.
import { homedir } from 'node:os';
import { nodeConfigFs } from '../config/config-fs.ts';
import { loadRegistriesConfig, type RegistriesConfig } from '../config/registries-conf.ts';
import { loadShortNameAliasCache, type AliasTable } from '../config/short-name-alias.ts';
import { BerthError } from '../lib/berth-error.ts';
import {
  parseNormalizedReference,
  parseReference,
  repositoryOf,
  type ImageReference,
} from '../image/reference.ts';
import { localCandidates } from '../image/short-name.ts';
import type { ImageRecord } from '../storage/image-records.ts';
import type { EngineContext } from './engine-context.ts';

/** How a reference matched: by a name (which one) or by ID. `rmi` untags only by name. */
export interface LocalImage {
  image: ImageRecord;
  /** The stored name the reference matched; undefined when matched by ID or digest. */
  name?: string;
  byId: boolean;
  byDigest: boolean;
}

const hexRe = /^[0-9a-f]{1,64}$/;

const lookupConfigs = new WeakMap<
  EngineContext,
  { registries: RegistriesConfig; aliasCache: AliasTable }
>();

/** registries.conf and the short-name alias cache, read once per context. */
function lookupConfig(ctx: EngineContext): {
  registries: RegistriesConfig;
  aliasCache: AliasTable;
} {
  let config = lookupConfigs.get(ctx);
  if (config === undefined) {
    const registries = loadRegistriesConfig({
      env: ctx.options.env,
      rootless: ctx.paths.rootless,
      homeDir: ctx.options.env['HOME'] ?? homedir(),
    });
    const aliasCache = loadShortNameAliasCache(nodeConfigFs(), registries.shortNameAliasesPath);
    config = { registries, aliasCache };
    lookupConfigs.set(ctx, config);
  }
  return config;
}

/**
 * libimage's LookupImage order: the name as given, a full ID or unique ID prefix, then the
 * candidates of short-name resolution (alias, unqualified-search registries, localhost/), a
 * `repo@digest` match, and finally a unique image whose name ends in `/<ref>`. Undefined when
 * nothing matches; AMBIGUOUS_REFERENCE for an ambiguous ID prefix or short name.
 */
export function lookupLocalImage(ctx: EngineContext, ref: string): LocalImage | undefined {
  const images = ctx.state.images;
  const exact = images.findImageByName(ref);
  if (exact) return { image: exact, name: ref, byId: false, byDigest: false };
  const byId = findById(ctx, ref);
  if (byId) return { image: byId, byId: true, byDigest: false };
  const parsed = tryParseReference(ref);
  if (parsed === undefined) return undefined;
  for (const name of localLookupNames(ctx, ref, parsed)) {
    const image = images.findImageByName(name);
    if (image) return { image, name, byId: false, byDigest: false };
  }
  if (parsed.digest !== undefined) {
    const byDigest = findByDigest(ctx, parsed);
    if (byDigest) return { image: byDigest, byId: false, byDigest: true };
  }
  return findBySuffix(ctx, ref, parsed);
}

/** The parsed reference, or undefined when it does not follow the grammar. */
function tryParseReference(ref: string): ImageReference | undefined {
  try {
    return parseReference(ref);
  } catch {
    return undefined;
  }
}

/** Names to try after the name as given: normalised for a qualified name; alias, search registries, localhost/ for a short one. */
function localLookupNames(ctx: EngineContext, ref: string, parsed: ImageReference): string[] {
  if (parsed.domain !== undefined) return localCandidates(ref, emptyConfig);
  const { registries, aliasCache } = lookupConfig(ctx);
  return localCandidates(ref, registries, aliasCache);
}

function findById(ctx: EngineContext, ref: string): ImageRecord | undefined {
  const id = ref.startsWith('sha256:') ? ref.slice('sha256:'.length) : ref;
  if (!hexRe.test(id)) return undefined;
  const ids = ctx.state.images.findImageIdsByPrefix(id);
  if (ids.length > 1)
    throw new BerthError('AMBIGUOUS_REFERENCE', `${ref}: image ID prefix is ambiguous`);
  return ids[0] === undefined ? undefined : ctx.state.images.get(ids[0]);
}

/** `repo@sha256:…`: an image with that manifest digest holding a name in that repository. */
function findByDigest(ctx: EngineContext, parsed: ImageReference): ImageRecord | undefined {
  const repo =
    parsed.domain === undefined
      ? undefined
      : repositoryOf(parseNormalizedReference(repositoryOf(parsed)));
  return ctx.state.images.list().find((image) => {
    if (image.manifestDigest !== parsed.digest) return false;
    if (repo === undefined)
      return image.names.some((name) => repoOfName(name).endsWith(`/${parsed.path}`));
    return image.names.some((name) => repoOfName(name) === repo);
  });
}

function findBySuffix(
  ctx: EngineContext,
  ref: string,
  parsed: ImageReference,
): LocalImage | undefined {
  if (parsed.domain !== undefined || parsed.digest !== undefined) return undefined;
  const wanted = `/${parsed.path}:${parsed.tag ?? 'latest'}`;
  const matches: LocalImage[] = [];
  for (const image of ctx.state.images.list()) {
    const name = image.names.find((candidate) => candidate.endsWith(wanted));
    if (name !== undefined) matches.push({ image, name, byId: false, byDigest: false });
  }
  if (matches.length > 1) {
    throw new BerthError(
      'AMBIGUOUS_REFERENCE',
      `${ref}: more than one image matches this short name: use a fully-qualified name`,
    );
  }
  return matches[0];
}

function repoOfName(name: string): string {
  const at = name.indexOf('@');
  const base = at === -1 ? name : name.slice(0, at);
  const colon = base.lastIndexOf(':');
  return colon > base.lastIndexOf('/') ? base.slice(0, colon) : base;
}

const emptyConfig: RegistriesConfig = {
  unqualifiedSearchRegistries: [],
  unqualifiedSearchRegistriesOrigin: '',
  registries: [],
  aliases: {},
  aliasOrigins: {},
  shortNameMode: 'permissive',
  credentialHelpers: [],
  sources: [],
  shortNameAliasesPath: '',
};
