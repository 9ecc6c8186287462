// A tiny Bearer-token front for a real registry, over node:http on 127.0.0.1: `/token` issues
// tokens for the scopes asked (Basic credentials checked), every `/v2/…` request is checked for a
// token covering its scope (else 401 + a Bearer challenge) and then proxied to the registry.
import { randomBytes } from 'node:crypto';
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TokenServerOptions {
  /** The plain registry to proxy to: 'http://127.0.0.1:PORT'. */
  upstream: string;
  username: string;
  password: string;
  service?: string;
}

export interface TokenServer extends AsyncDisposable {
  /** '127.0.0.1:PORT': use it as the registry host (insecure: plain HTTP). */
  readonly host: string;
  /** Every `scope` list the token endpoint was asked for, in order. */
  readonly tokenRequests: string[][];
  /** Requests that arrived without a token good for their scope. */
  readonly challenged: string[];
  close(): Promise<void>;
}

export async function startTokenServer(options: TokenServerOptions): Promise<TokenServer> {
  const service = options.service ?? 'berth-token-test';
  const tokens = new Map<string, Set<string>>();
  const tokenRequests: string[][] = [];
  const challenged: string[] = [];
  const expected = `Basic ${Buffer.from(`${options.username}:${options.password}`).toString('base64')}`;
  let host = '';

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', `http://${host}`);
    if (url.pathname === '/token') {
      const scopes = url.searchParams.getAll('scope');
      tokenRequests.push(scopes);
      if (req.headers.authorization !== expected)
        return send(res, 401, {
          errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }],
        });
      const token = randomBytes(12).toString('hex');
      tokens.set(token, new Set(scopes.flatMap(expandScope)));
      return send(res, 200, { token, expires_in: 300 });
    }
    const needed = scopeOf(req.method ?? 'GET', url.pathname);
    const granted = tokens.get((req.headers.authorization ?? '').replace(/^Bearer /, ''));
    if (
      granted === undefined ||
      (needed !== undefined && !expandScope(needed).every((s) => granted.has(s)))
    ) {
      challenged.push(`${req.method} ${url.pathname}`);
      const scope = needed === undefined ? '' : `,scope="${needed}"`;
      res.setHeader(
        'www-authenticate',
        `Bearer realm="http://${host}/token",service="${service}"${scope}`,
      );
      return send(res, 401, {
        errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }],
      });
    }
    proxy(req, res, options.upstream, host);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return { host, tokenRequests, challenged, close, [Symbol.asyncDispose]: close };
}

/** `repository:a:pull,push` → ['repository:a:pull', 'repository:a:push']. */
function expandScope(scope: string): string[] {
  const last = scope.lastIndexOf(':');
  return scope
    .slice(last + 1)
    .split(',')
    .map((action) => `${scope.slice(0, last)}:${action}`);
}

function scopeOf(method: string, path: string): string | undefined {
  if (path === '/v2/' || path === '/v2') return undefined;
  if (path === '/v2/_catalog') return 'registry:catalog:*';
  const match = /^\/v2\/(.+?)\/(manifests|blobs|tags)\//.exec(path);
  if (!match) return 'registry:unknown:*';
  return `repository:${match[1]}:${method === 'GET' || method === 'HEAD' ? 'pull' : 'pull,push'}`;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function proxy(req: IncomingMessage, res: ServerResponse, upstream: string, host: string): void {
  const target = new URL(req.url ?? '/', upstream);
  const headers = { ...req.headers, host: target.host };
  delete headers.authorization;
  const forward = httpRequest(target, { method: req.method, headers }, (answer) => {
    const out = { ...answer.headers };
    if (typeof out.location === 'string') out.location = out.location.replace(target.host, host);
    res.writeHead(answer.statusCode ?? 502, out);
    answer.pipe(res);
  });
  forward.on('error', () =>
    send(res, 502, { errors: [{ code: 'UNAVAILABLE', message: 'upstream failed' }] }),
  );
  req.pipe(forward);
}
