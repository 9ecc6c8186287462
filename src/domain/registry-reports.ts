// Options and reports for registry verbs: login, logout (podman's flags) and search (podman's
// JSON field names). Plain data shared by the CLI and, later, the REST API.

export interface RegistryConnectOptions {
  /** --authfile; default REGISTRY_AUTH_FILE or podman's ${XDG_RUNTIME_DIR}/containers/auth.json. */
  authFile?: string;
  /** --tls-verify; undefined = registries.conf decides (`insecure = true` allows HTTP). */
  tlsVerify?: boolean;
  /** --cert-dir: a directory of *.crt, *.cert and *.key files. */
  certDir?: string;
}

export interface LoginOptions extends RegistryConnectOptions {
  /** host[:port] or host/namespace; default the first unqualified-search registry. */
  registry?: string;
  username: string;
  password: string;
}

export interface LoginReport {
  /** The key written (host or host/namespace). */
  registry: string;
  /** The auth file written. */
  authFile: string;
}

export interface LogoutOptions {
  registry?: string;
  /** -a/--all: remove every entry of the auth file. */
  all: boolean;
  authFile?: string;
}

export interface LogoutReport {
  /** The key removed, or undefined for --all. */
  registry: string | undefined;
}

export interface LoginLookupOptions {
  registry?: string;
  authFile?: string;
}

export interface ImageSearchOptions extends RegistryConnectOptions {
  /** `TERM`, `HOST/TERM` or `HOST/` (the whole catalog). */
  term: string;
  /** --limit: results per registry; default 25. */
  limit?: number;
  /** --filter stars=N | is-official[=BOOL] | is-automated[=BOOL]. */
  filters: string[];
  /** --list-tags: the tags of the repository TERM names (NAME TAG rows). */
  listTags: boolean;
}

/** One result, as podman's entities.ImageSearchReport / libimage.SearchResult. */
export interface ImageSearchResult {
  Index: string;
  Name: string;
  Description: string;
  Stars: number;
  /** "[OK]" or "". */
  Official: string;
  /** "[OK]" or "". */
  Automated: string;
  Tag: string;
}
