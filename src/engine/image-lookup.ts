// The reference-grammar side of local image lookup, for domain/local's resolver (which may not
// import image/): parses a reference and lists the names podman tries for it locally.
import { homedir } from 'node:os';
import { loadRegistriesConfig, type RegistriesConfig } from '../config/registries-conf.ts';
import {
  parseNormalizedReference,
  parseReference,
  repositoryOf,
  type ImageReference,
} from '../image/reference.ts';
import { localCandidates } from '../image/short-name.ts';
import type { EngineContext } from './engine-context.ts';

export type { ImageReference } from '../image/reference.ts';

const registriesConfigs = new WeakMap<EngineContext, RegistriesConfig>();

function registriesConfig(ctx: EngineContext): RegistriesConfig {
  let config = registriesConfigs.get(ctx);
  if (config === undefined) {
    config = loadRegistriesConfig({
      env: ctx.options.env,
      rootless: ctx.paths.rootless,
      homeDir: homedir(),
    });
    registriesConfigs.set(ctx, config);
  }
  return config;
}

/** The parsed reference, or undefined when it does not follow the grammar. */
export function tryParseReference(ref: string): ImageReference | undefined {
  try {
    return parseReference(ref);
  } catch {
    return undefined;
  }
}

/** Names to try after the name as given: normalised for a qualified name; alias, search registries, localhost/ for a short one. */
export function localLookupNames(
  ctx: EngineContext,
  ref: string,
  parsed: ImageReference,
): string[] {
  if (parsed.domain !== undefined) return localCandidates(ref, emptyConfig);
  return localCandidates(ref, registriesConfig(ctx));
}

/** The normalised repository of a qualified reference (`docker.io/busybox` -> `docker.io/library/busybox`). */
export function normalizedRepository(parsed: ImageReference): string | undefined {
  return parsed.domain === undefined
    ? undefined
    : repositoryOf(parseNormalizedReference(repositoryOf(parsed)));
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
