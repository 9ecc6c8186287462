// The HTTP side of one registry for one command: an undici Agent (keep-alive, certs.d TLS),
// https-then-http detection for insecure registries, Basic and Bearer auth (tokens cached per
// scope set), transient-failure retries with back-off, and redirects. Knows no distribution verbs.
import { setTimeout as sleep } from 'node:timers/promises';
import { Agent, request, type Dispatcher } from 'undici';
import { BerthError } from '../../lib/berth-error.ts';
import { log } from '../../lib/log.ts';
import type { Credentials } from '../auth-store.ts';
import {
  describeRegistryError,
  isTransientNetworkError,
  isTransientStatus,
  unreachable,
} from './registry-errors.ts';
import type { RegistryTls } from './registry-tls.ts';
import { parseWwwAuthenticate, type AuthChallenge } from './www-authenticate.ts';

export interface RetryPolicy {
  /** Tries per request, the first included. Default 4. */
  attempts: number;
  /** Back-off before retry n is baseDelayMs * 2^(n-1), capped at 5 s. Default 250. */
  baseDelayMs: number;
}

export interface SessionRequest {
  method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** A path below the registry (`/v2/…`) or an absolute URL (upload locations, redirects). */
  target: string;
  /** Token scopes this request needs (`repository:NAME:pull`). */
  scopes: readonly string[];
  headers?: Record<string, string>;
  /** A Buffer is resent on retries; a stream body disables retries. */
  body?: Buffer | NodeJS.ReadableStream;
  /** Follow 3xx (blob downloads): Authorization is dropped when the host changes. */
  followRedirects?: boolean;
}

export type SessionResponse = Dispatcher.ResponseData<unknown>;

/** A response read to its end (manifests, tag lists: small documents). */
export interface BufferedResponse {
  statusCode: number;
  headers: SessionResponse['headers'];
  body: Buffer;
}

interface CachedToken {
  token: string;
  expiresAtMs: number;
}

export class RegistrySession {
  private readonly agent: Agent;
  private base: Promise<string> | undefined;
  private challenge: AuthChallenge | undefined;
  private readonly tokens = new Map<string, CachedToken>();

  constructor(
    /** host as in references (auth key, error messages). */
    readonly host: string,
    /** Where requests go: registry-1.docker.io for docker.io. */
    readonly apiHost: string,
    readonly insecure: boolean,
    tls: RegistryTls,
    readonly credentials: Credentials | undefined,
    readonly retry: RetryPolicy,
  ) {
    const connect: Record<string, unknown> = { rejectUnauthorized: !insecure };
    if (tls.ca) connect['ca'] = tls.ca;
    if (tls.cert && tls.key) Object.assign(connect, { cert: tls.cert, key: tls.key });
    this.agent = new Agent({
      connect,
      keepAliveTimeout: 10_000,
      headersTimeout: 60_000,
      bodyTimeout: 120_000,
    });
  }

  /** `https://HOST` or, for an insecure registry that does not speak TLS, `http://HOST`. */
  baseUrl(): Promise<string> {
    this.base ??= this.detect();
    return this.base;
  }

  /** The challenge GET /v2/ answered with (undefined: open registry). */
  async authChallenge(): Promise<AuthChallenge | undefined> {
    await this.baseUrl();
    return this.challenge;
  }

  private async detect(): Promise<string> {
    const schemes = this.insecure ? ['https', 'http'] : ['https'];
    let lastError: { url: string; error: unknown } | undefined;
    for (const scheme of schemes) {
      const url = `${scheme}://${this.apiHost}/v2/`;
      try {
        const res = await this.withRetries(
          () => request(url, { dispatcher: this.agent, method: 'GET' }),
          true,
        );
        await res.body.dump();
        if (res.statusCode !== 200 && res.statusCode !== 401) {
          throw new BerthError(
            'REGISTRY_ERROR',
            `pinging container registry ${this.host}: invalid status code from registry ${res.statusCode}`,
          );
        }
        this.challenge = parseWwwAuthenticate(res.headers['www-authenticate'])[0];
        log.debug(
          `ping ${url}: ${res.statusCode}${this.challenge ? ` (${this.challenge.scheme} auth)` : ''}`,
        );
        return `${scheme}://${this.apiHost}`;
      } catch (error) {
        if (error instanceof BerthError) throw error;
        log.debug(`ping ${url} failed: ${(error as Error).message}`);
        lastError = { url, error };
      }
    }
    // Like containers/image: an insecure registry reports the plain-HTTP attempt, the last one.
    throw unreachable(this.host, lastError?.url ?? `https://${this.apiHost}/v2/`, lastError?.error);
  }

  /** Sends one request with auth, retrying transient failures when the body can be resent. */
  async send(req: SessionRequest): Promise<SessionResponse> {
    const base = await this.baseUrl();
    const url = new URL(req.target, base).href;
    const replayable = req.body === undefined || Buffer.isBuffer(req.body);
    return this.withRetries(() => this.sendAuthorized(req, url), replayable);
  }

  /**
   * send() and read the whole body. A connection dropped while the body streams is retried
   * too (send() alone only retries until the headers arrive), when the request can be resent.
   */
  async sendBuffered(req: SessionRequest): Promise<BufferedResponse> {
    const replayable = req.body === undefined || Buffer.isBuffer(req.body);
    for (let attempt = 1; ; attempt++) {
      const res = await this.send(req);
      try {
        const body = Buffer.from(await res.body.arrayBuffer());
        return { statusCode: res.statusCode, headers: res.headers, body };
      } catch (error) {
        if (!replayable || attempt >= this.retry.attempts || !isTransientNetworkError(error))
          throw error;
        log.debug(
          `${(error as Error).message} reading ${req.target} from ${this.host}, retrying (attempt ${attempt})`,
        );
        await sleep(this.backoffMs(attempt));
      }
    }
  }

  private async sendAuthorized(req: SessionRequest, url: string): Promise<SessionResponse> {
    let res = await this.sendOnce(req, url, await this.authorization(req.scopes));
    if (res.statusCode === 401 && this.challenge?.scheme === 'bearer') {
      // A later 401 may name the scope it wants (e.g. a cross-repository mount): fetch that token.
      const wanted = parseWwwAuthenticate(res.headers['www-authenticate'])[0]?.params['scope'];
      if (
        wanted !== undefined &&
        !req.scopes.includes(wanted) &&
        (req.body === undefined || Buffer.isBuffer(req.body))
      ) {
        await res.body.dump();
        res = await this.sendOnce(req, url, await this.authorization([...req.scopes, wanted]));
      }
    }
    return res;
  }

  private async sendOnce(
    req: SessionRequest,
    url: string,
    authorization: string | undefined,
  ): Promise<SessionResponse> {
    let target = url;
    for (let hop = 0; ; hop++) {
      const sameHost = new URL(target).host === this.apiHost;
      const headers: Record<string, string> = { ...req.headers };
      if (authorization !== undefined && sameHost) headers['authorization'] = authorization;
      const options: Parameters<typeof request>[1] = {
        dispatcher: this.agent,
        method: req.method,
        headers,
      };
      if (req.body !== undefined) options.body = req.body as Buffer;
      const res = await request(target, options);
      const location = res.headers['location'];
      if (
        !req.followRedirects ||
        res.statusCode < 300 ||
        res.statusCode > 399 ||
        typeof location !== 'string'
      )
        return res;
      await res.body.dump();
      if (hop >= 10) throw new BerthError('REGISTRY_ERROR', `too many redirects fetching ${url}`);
      target = new URL(location, target).href;
      log.debug(`following redirect to ${target}`);
    }
  }

  private async withRetries(
    send: () => Promise<SessionResponse>,
    replayable: boolean,
  ): Promise<SessionResponse> {
    for (let attempt = 1; ; attempt++) {
      const last = !replayable || attempt >= this.retry.attempts;
      try {
        const res = await send();
        if (last || !isTransientStatus(res.statusCode)) return res;
        await res.body.dump();
        log.debug(`HTTP ${res.statusCode} from ${this.host}, retrying (attempt ${attempt})`);
        await sleep(retryAfterMs(res.headers['retry-after']) ?? this.backoffMs(attempt));
      } catch (error) {
        if (last || !isTransientNetworkError(error)) throw error;
        log.debug(
          `${(error as Error).message} talking to ${this.host}, retrying (attempt ${attempt})`,
        );
        await sleep(this.backoffMs(attempt));
      }
    }
  }

  backoffMs(attempt: number): number {
    return Math.min(this.retry.baseDelayMs * 2 ** (attempt - 1), 5_000);
  }

  /** The Authorization header for these scopes: Basic, a (cached) Bearer token, or none. */
  async authorization(scopes: readonly string[]): Promise<string | undefined> {
    const challenge = await this.authChallenge();
    if (challenge === undefined) return undefined;
    if (challenge.scheme === 'basic')
      return this.credentials ? basicAuth(this.credentials) : undefined;
    return `Bearer ${await this.token(challenge, scopes)}`;
  }

  private async token(challenge: AuthChallenge, scopes: readonly string[]): Promise<string> {
    const key = [...new Set(scopes)].sort().join(' ');
    const cached = this.tokens.get(key);
    if (cached && cached.expiresAtMs > Date.now() + 5_000) return cached.token;
    const realm = challenge.params['realm'];
    if (realm === undefined)
      throw new BerthError(
        'REGISTRY_ERROR',
        `missing realm in bearer auth challenge from ${this.host}`,
      );
    const url = new URL(realm);
    if (challenge.params['service']) url.searchParams.set('service', challenge.params['service']);
    for (const scope of new Set(scopes)) url.searchParams.append('scope', scope);
    if (this.credentials) url.searchParams.set('account', this.credentials.username);
    const headers: Record<string, string> = this.credentials
      ? { authorization: basicAuth(this.credentials) }
      : {};
    const res = await this.withRetries(
      () => request(url, { dispatcher: this.agent, method: 'GET', headers }),
      true,
    );
    const body = await res.body.text();
    if (res.statusCode === 401) {
      const detail = describeRegistryError(401, body).text;
      throw new BerthError(
        'UNAUTHORIZED',
        `unable to retrieve auth token: invalid username/password: ${detail}`,
      );
    }
    if (res.statusCode !== 200) {
      throw new BerthError(
        'REGISTRY_ERROR',
        `requesting bearer token: ${describeRegistryError(res.statusCode, body).text}`,
      );
    }
    const parsed = parseToken(body);
    this.tokens.set(key, {
      token: parsed.token,
      expiresAtMs: Date.now() + parsed.expiresInSeconds * 1000,
    });
    return parsed.token;
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}

function basicAuth(credentials: Credentials): string {
  return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
}

function parseToken(body: string): { token: string; expiresInSeconds: number } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    parsed = undefined;
  }
  const record =
    typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  const token = typeof record['token'] === 'string' ? record['token'] : record['access_token'];
  if (typeof token !== 'string' || token === '')
    throw new BerthError('REGISTRY_ERROR', 'the token server answered without a token');
  const expires =
    typeof record['expires_in'] === 'number' && record['expires_in'] > 0
      ? record['expires_in']
      : 60;
  return { token, expiresInSeconds: expires };
}

function retryAfterMs(header: string | string[] | undefined): number | undefined {
  if (typeof header !== 'string') return undefined;
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.min(seconds * 1000, 10_000) : undefined;
}
