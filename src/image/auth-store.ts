// Registry credentials in podman's auth.json (and the read-only fallbacks containers/image reads:
// ~/.config/containers/auth.json, ~/.docker/config.json, ~/.dockercfg). Writes go to the primary
// file only, 0600 through a temp file + rename. Credential helpers are not run.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { chmod, mkdir, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname } from 'node:path';
import { authFileLocations, type AuthFileLocations } from '../config/auth-file.ts';
import { BerthError } from '../lib/berth-error.ts';
import { log } from '../lib/log.ts';

export interface Credentials {
  username: string;
  password: string;
}

export interface AuthStoreOptions {
  env: Record<string, string | undefined>;
  /** --authfile */
  authFile?: string;
  /** Default: process.getuid() and os.homedir(). */
  uid?: number;
  homeDir?: string;
}

export interface FoundCredentials extends Credentials {
  /** The file they came from. */
  path: string;
  /** The key that matched (host or host/namespace). */
  key: string;
}

interface AuthEntry {
  auth?: string;
  identitytoken?: string;
}

export function authLocations(options: AuthStoreOptions): AuthFileLocations {
  return authFileLocations({
    env: options.env,
    uid: options.uid ?? process.getuid?.() ?? 0,
    homeDir: options.homeDir ?? options.env['HOME'] ?? homedir(),
    ...(options.authFile === undefined ? {} : { authFile: options.authFile }),
    dirExists: (path) => existsSync(path) && statSync(path).isDirectory(),
  });
}

/** Docker-style keys (`https://index.docker.io/v1/`) as the host or host/path they name. */
export function normalizeAuthKey(key: string): string {
  let normalized = key.replace(/^https?:\/\//, '');
  if (key !== normalized) normalized = normalized.split('/')[0] ?? normalized;
  normalized = normalized.replace(/\/+$/, '');
  if (normalized === 'index.docker.io' || normalized === 'registry-1.docker.io') return 'docker.io';
  return normalized;
}

/** Keys to try for a repository (`host/ns/repo`) or a host: the full path first, then each parent. */
export function lookupKeys(target: string): string[] {
  const keys: string[] = [];
  const parts = normalizeAuthKey(target).split('/');
  for (let length = parts.length; length >= 1; length--)
    keys.push(parts.slice(0, length).join('/'));
  return keys;
}

/** The first credentials found for `target` (host or host/repo) across the read paths. */
export function findCredentials(
  options: AuthStoreOptions,
  target: string,
): FoundCredentials | undefined {
  const locations = authLocations(options);
  if (locations.warning) log.warn(locations.warning);
  const keys = lookupKeys(target);
  for (const { path, legacyFormat } of locations.readPaths) {
    const auths = readAuths(path, legacyFormat, false);
    if (auths === undefined) continue;
    for (const key of keys) {
      const entry = auths.get(key);
      if (entry?.auth === undefined || entry.auth === '') continue;
      const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon === -1) continue;
      return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1), path, key };
    }
  }
  return undefined;
}

/** Stores credentials for key in the primary file; returns the path written. */
export async function storeCredentials(
  options: AuthStoreOptions,
  key: string,
  credentials: Credentials,
): Promise<string> {
  const path = primaryPath(options);
  const document = readDocument(path);
  const auths = authsOf(document);
  auths[normalizeAuthKey(key)] = {
    auth: Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64'),
  };
  document['auths'] = auths;
  await writeDocument(path, document);
  return path;
}

/**
 * Removes key from the primary file. NOT_LOGGED_IN when it is absent there (with podman's
 * docker-login hint when only a fallback file has it).
 */
export async function removeCredentials(options: AuthStoreOptions, key: string): Promise<void> {
  const path = primaryPath(options);
  const document = readDocument(path);
  const auths = authsOf(document);
  const normalized = normalizeAuthKey(key);
  const present = Object.keys(auths).find((existing) => normalizeAuthKey(existing) === normalized);
  if (present === undefined) {
    const elsewhere = findCredentials(options, normalized);
    if (elsewhere !== undefined && elsewhere.key === normalized && elsewhere.path !== path) {
      throw new BerthError(
        'NOT_LOGGED_IN',
        `not logged into ${normalized} with current tool. Existing credentials were established via docker login. Please use docker logout instead`,
      );
    }
    throw new BerthError('NOT_LOGGED_IN', `not logged into ${normalized}`);
  }
  delete auths[present];
  document['auths'] = auths;
  await writeDocument(path, document);
}

/** logout --all: empties `auths` of the primary file (other top-level keys are kept). */
export async function removeAllCredentials(options: AuthStoreOptions): Promise<void> {
  const path = primaryPath(options);
  if (!existsSync(path)) return;
  const document = readDocument(path);
  document['auths'] = {};
  await writeDocument(path, document);
}

function primaryPath(options: AuthStoreOptions): string {
  const locations = authLocations(options);
  if (locations.primary === undefined) {
    throw new BerthError('INVALID_ARGUMENT', locations.warning ?? 'no auth file location', {
      hint: 'create $XDG_RUNTIME_DIR or pass --authfile PATH',
    });
  }
  return locations.primary;
}

function readAuths(
  path: string,
  legacyFormat: boolean,
  strict: boolean,
): Map<string, AuthEntry> | undefined {
  const document = readJson(path, strict);
  if (document === undefined) return undefined;
  const raw = legacyFormat ? document : document['auths'];
  const auths = new Map<string, AuthEntry>();
  if (typeof raw !== 'object' || raw === null) return auths;
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    if (typeof value !== 'object' || value === null) continue;
    const auth = (value as { auth?: unknown }).auth;
    const normalized = normalizeAuthKey(key);
    if (!auths.has(normalized)) auths.set(normalized, typeof auth === 'string' ? { auth } : {});
  }
  return auths;
}

function readDocument(path: string): Record<string, unknown> {
  return readJson(path, true) ?? {};
}

function authsOf(document: Record<string, unknown>): Record<string, unknown> {
  const auths = document['auths'];
  return typeof auths === 'object' && auths !== null && !Array.isArray(auths)
    ? { ...(auths as Record<string, unknown>) }
    : {};
}

function readJson(path: string, strict: boolean): Record<string, unknown> | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new BerthError(
      'INVALID_ARGUMENT',
      `reading JSON file "${path}": ${(error as Error).message}`,
      { cause: error },
    );
  }
  if (text.trim() === '') return {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
      return parsed as Record<string, unknown>;
    throw new Error('not a JSON object');
  } catch (error) {
    const message = `unmarshaling JSON at "${path}": ${(error as Error).message}`;
    if (!strict) {
      log.warn(message);
      return undefined;
    }
    throw new BerthError('INVALID_ARGUMENT', message, { cause: error });
  }
}

async function writeDocument(path: string, document: Record<string, unknown>): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temp = `${path}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(temp, `${JSON.stringify(document, null, '\t')}\n`, { mode: 0o600 });
  await chmod(temp, 0o600);
  await rename(temp, path);
}
