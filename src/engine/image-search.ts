// `search` against v2 registries as libimage does it: HOST/TERM searches HOST, a plain TERM
// every unqualified-search registry (at most 6 at once); the catalog is filtered by substring,
// --list-tags lists one repository's tags. Truncating descriptions is the CLI's business.
import { BerthError, isBerthError } from '../lib/berth-error.ts';
import { openRegistryClient } from '../image/registry/undici-registry-client.ts';
import type { ImageSearchOptions, ImageSearchResult } from '../domain/registry-reports.ts';
import type { EngineContext } from './engine-context.ts';
import { clientOptions, registriesConfig } from './registry-endpoint.ts';

export const defaultSearchLimit = 25;
const maxParallel = 6;

export interface SearchFilter {
  stars: number;
  isOfficial: boolean | undefined;
  isAutomated: boolean | undefined;
}

/** `stars=N`, `is-official[=BOOL]`, `is-automated[=BOOL]` as containers/common parses them. */
export function parseSearchFilters(filters: readonly string[]): SearchFilter {
  const filter: SearchFilter = { stars: 0, isOfficial: undefined, isAutomated: undefined };
  for (const item of filters) {
    const [key = '', value] = item.split(/=(.*)/s);
    if (key === 'stars') {
      const stars = Number(value);
      if (value === undefined || !/^\d+$/.test(value))
        throw new BerthError(
          'INVALID_ARGUMENT',
          `incorrect value type for stars filter: ${value ?? ''}`,
        );
      filter.stars = stars;
    } else if (key === 'is-official' || key === 'is-automated') {
      const flag = value === undefined || value === '' ? true : parseBool(value, key);
      if (key === 'is-official') filter.isOfficial = flag;
      else filter.isAutomated = flag;
    } else {
      throw new BerthError('INVALID_ARGUMENT', `invalid filter type "${key}"`);
    }
  }
  return filter;
}

function parseBool(value: string, key: string): boolean {
  if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(value)) return false;
  throw new BerthError('INVALID_ARGUMENT', `incorrect value type for ${key} filter: ${value}`);
}

export async function searchImages(
  ctx: EngineContext,
  options: ImageSearchOptions,
): Promise<ImageSearchResult[]> {
  const filter = parseSearchFilters(options.filters);
  if (options.listTags && options.filters.length > 0) {
    throw new BerthError('INVALID_ARGUMENT', 'filters are not applicable to list tags result');
  }
  const config = registriesConfig(ctx);
  const slash = options.term.indexOf('/');
  const registries =
    slash === -1 ? config.unqualifiedSearchRegistries : [options.term.slice(0, slash)];
  const term = slash === -1 ? options.term : options.term.slice(slash + 1);
  const outcomes: ({ results: ImageSearchResult[] } | { error: unknown })[] = [];
  for (let i = 0; i < registries.length; i += maxParallel) {
    const batch = registries.slice(i, i + maxParallel).map((registry) =>
      searchRegistry(ctx, config, registry, term, options, filter).then(
        (results) => ({ results }),
        (error: unknown) => ({ error }),
      ),
    );
    outcomes.push(...(await Promise.all(batch)));
  }
  const results = outcomes.flatMap((outcome) => ('results' in outcome ? outcome.results : []));
  const failure = outcomes.find((outcome): outcome is { error: unknown } => 'error' in outcome);
  // Like libimage: one registry that answered is taken to hold what the user looks for.
  if (results.length === 0 && failure !== undefined) throw failure.error;
  return results;
}

async function searchRegistry(
  ctx: EngineContext,
  config: ReturnType<typeof registriesConfig>,
  registry: string,
  term: string,
  options: ImageSearchOptions,
  filter: SearchFilter,
): Promise<ImageSearchResult[]> {
  const limit =
    options.limit !== undefined && options.limit > 0 ? options.limit : defaultSearchLimit;
  const client = openRegistryClient(clientOptions(ctx, config, registry, options));
  try {
    if (options.listTags) {
      const repository = repositoryOf(term);
      const tags = await client.listTags(repository);
      return tags.slice(0, limit).map((tag) => result(registry, repository, tag));
    }
    const repositories = await client.catalog();
    const matching = repositories.filter((name) => name.includes(term));
    const exact = matching.indexOf(term);
    if (exact > 0) matching.unshift(...matching.splice(exact, 1));
    // A v2 catalog has no stars and no official/automated flags: all are 0 / false.
    const kept = matching
      .slice(0, limit)
      .filter(() => filter.stars <= 0 && filter.isOfficial !== true && filter.isAutomated !== true);
    return kept.map((name) => result(registry, name, ''));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const what = options.listTags
      ? 'getting repository tags'
      : `couldn't search registry "${registry}"`;
    throw new BerthError(
      isBerthError(error) ? error.code : 'REGISTRY_ERROR',
      `${what}: ${message}`,
      { cause: error },
    );
  } finally {
    await client.close();
  }
}

/** The repository a --list-tags term names (`ns/app:tag` → `ns/app`). */
function repositoryOf(term: string): string {
  const withoutDigest = term.split('@')[0] ?? term;
  const colon = withoutDigest.lastIndexOf(':');
  const repository =
    colon > withoutDigest.lastIndexOf('/') ? withoutDigest.slice(0, colon) : withoutDigest;
  if (
    repository === '' ||
    !/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/.test(
      repository,
    )
  ) {
    throw new BerthError('INVALID_ARGUMENT', `reference "${term}" must be a docker reference`);
  }
  return repository;
}

function result(registry: string, repository: string, tag: string): ImageSearchResult {
  return {
    Index: registry,
    Name: `${registry}/${repository}`,
    Description: '',
    Stars: 0,
    Official: '',
    Automated: '',
    Tag: tag,
  };
}
