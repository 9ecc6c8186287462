// Starts Debian's real registry (CNCF distribution v2) on 127.0.0.1 for one test, in plain HTTP or
// TLS + htpasswd mode, with its own storage, certificates and port. Stops only its own process.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { runOk } from './run-process.ts';

export const registryBinary = '/usr/bin/docker-registry';

export interface RegistryOptions {
  /** 'plain': HTTP, no auth (default). 'tls': HTTPS with a CA made for this run, plus htpasswd. */
  mode?: 'plain' | 'tls';
  /** htpasswd user (TLS mode). Default 'berth'. */
  username?: string;
  /** htpasswd password (TLS mode). Default: random. */
  password?: string;
  /** How long to wait for `GET /v2/` to answer. Default 15 000 ms. */
  startTimeoutMs?: number;
}

export interface TestRegistry extends AsyncDisposable {
  /** '127.0.0.1:PORT', as used in image references and registries.conf. */
  readonly host: string;
  readonly port: number;
  /** 'http://127.0.0.1:PORT' or 'https://127.0.0.1:PORT'. */
  readonly url: string;
  readonly mode: 'plain' | 'tls';
  /** PEM file of the CA that signed the server certificate (TLS mode only). */
  readonly caPath: string | undefined;
  /** Credentials accepted by the registry (TLS mode only). */
  readonly username: string | undefined;
  readonly password: string | undefined;
  /** A certs.d-style directory: `<certsDir>/127.0.0.1:PORT/ca.crt` (TLS mode only). */
  readonly certsDir: string | undefined;
  /** The registry's storage root directory. */
  readonly storageDir: string;
  readonly pid: number;
  /** An undici Agent trusting the CA (TLS) or a plain one, for the test's own requests. */
  readonly agent: Agent;
  /** `Authorization` header value for the credentials (TLS mode), else undefined. */
  readonly authorization: string | undefined;
  /** Everything the registry wrote to stderr so far. */
  stderr(): string;
  /** SIGTERM (then SIGKILL after 5 s) the registry's own PID and remove its temp dir. */
  stop(): Promise<void>;
}

interface TlsFiles {
  caPath: string;
  certPath: string;
  keyPath: string;
  htpasswdPath: string;
  certsDir: string;
}

/** Starts a registry and waits until `GET /v2/` answers (200 plain, 401 TLS + auth). */
export async function startRegistry(options: RegistryOptions = {}): Promise<TestRegistry> {
  const mode = options.mode ?? 'plain';
  const dir = await mkdtemp(join(tmpdir(), 'berth-registry-'));
  try {
    const username = mode === 'tls' ? (options.username ?? 'berth') : undefined;
    const password =
      mode === 'tls' ? (options.password ?? randomBytes(9).toString('hex')) : undefined;
    const tls =
      username !== undefined && password !== undefined
        ? await makeTlsFiles(dir, username, password)
        : undefined;
    const storageDir = join(dir, 'storage');
    await mkdir(storageDir);
    // Ports are picked free and then handed over, so a parallel test may take one first: retry.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const started = await launch(dir, port, storageDir, tls, options.startTimeoutMs ?? 15_000);
      if (started.kind === 'ok') {
        const { child, stderr } = started;
        return handle({ dir, port, storageDir, tls, child, stderr, username, password });
      }
      if (!started.portTaken || attempt >= 5) throw new Error(started.message);
    }
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

async function makeTlsFiles(dir: string, username: string, password: string): Promise<TlsFiles> {
  const caKey = join(dir, 'ca.key');
  const caPath = join(dir, 'ca.crt');
  const keyPath = join(dir, 'server.key');
  const csr = join(dir, 'server.csr');
  const certPath = join(dir, 'server.crt');
  const ext = join(dir, 'server.ext');
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  await runOk(['openssl', 'req', '-x509', ...ec, '-keyout', caKey, '-out', caPath, '-days', '2',
    '-subj', '/CN=berth test CA', '-addext', 'basicConstraints=critical,CA:TRUE',
    '-addext', 'keyUsage=critical,keyCertSign,cRLSign']); // prettier-ignore
  await runOk(['openssl', 'req', ...ec, '-keyout', keyPath, '-out', csr, '-subj', '/CN=127.0.0.1']);
  await writeFile(
    ext,
    'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n' +
      'keyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n',
  );
  await runOk(['openssl', 'x509', '-req', '-in', csr, '-CA', caPath, '-CAkey', caKey,
    '-CAcreateserial', '-out', certPath, '-days', '2', '-extfile', ext]); // prettier-ignore
  const htpasswdPath = join(dir, 'htpasswd');
  await writeFile(htpasswdPath, await runOk(['htpasswd', '-Bbn', username, password]));
  return { caPath, certPath, keyPath, htpasswdPath, certsDir: join(dir, 'certs.d') };
}

function configYaml(port: number, storageDir: string, tls: TlsFiles | undefined): string {
  const lines = [
    'version: 0.1',
    'log:',
    '  level: info',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${JSON.stringify(storageDir)}`,
    '  delete:',
    '    enabled: true',
    '  maintenance:',
    '    uploadpurging:',
    '      enabled: false',
    'http:',
    `  addr: 127.0.0.1:${port}`,
    `  secret: ${randomBytes(16).toString('hex')}`,
  ];
  if (tls) {
    lines.push('  tls:', `    certificate: ${JSON.stringify(tls.certPath)}`);
    lines.push(`    key: ${JSON.stringify(tls.keyPath)}`);
    lines.push('auth:', '  htpasswd:', '    realm: berth-test');
    lines.push(`    path: ${JSON.stringify(tls.htpasswdPath)}`);
  }
  return lines.join('\n') + '\n';
}

/** The environment without REGISTRY_*: the registry reads each one as a config override. */
function registryEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('REGISTRY_')) env[key] = value;
  }
  return env;
}

type Launch =
  | { kind: 'ok'; child: ChildProcess; stderr: () => string }
  | { kind: 'failed'; portTaken: boolean; message: string };

async function launch(
  dir: string,
  port: number,
  storageDir: string,
  tls: TlsFiles | undefined,
  timeoutMs: number,
): Promise<Launch> {
  const config = join(dir, `config-${port}.yml`);
  await writeFile(config, configYaml(port, storageDir, tls));
  const child = spawn(registryBinary, ['serve', config], {
    env: registryEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  const chunks: Buffer[] = [];
  child.stdout?.on('data', (chunk: Buffer) => chunks.push(chunk));
  child.stderr?.on('data', (chunk: Buffer) => chunks.push(chunk));
  const stderr = () => Buffer.concat(chunks).toString();
  let exited = false;
  let spawnError: Error | undefined;
  child.on('exit', () => (exited = true));
  child.on('error', (error) => (spawnError = error));
  const agent = tls ? new Agent({ connect: { ca: await readFile(tls.caPath) } }) : new Agent();
  const expected = tls ? 401 : 200;
  const deadline = Date.now() + timeoutMs;
  let lastStatus = 'no answer';
  try {
    while (Date.now() < deadline && !exited && !spawnError) {
      const url = `${tls ? 'https' : 'http'}://127.0.0.1:${port}/v2/`;
      try {
        const res = await request(url, { dispatcher: agent, headersTimeout: 2_000 });
        await res.body.dump();
        if (res.statusCode === expected) return { kind: 'ok', child, stderr };
        lastStatus = `HTTP ${res.statusCode}`;
      } catch (error) {
        lastStatus = error instanceof Error ? error.message : String(error);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    await agent.close();
  }
  await killChild(child);
  const output = stderr();
  return {
    kind: 'failed',
    portTaken: /address already in use/.test(output),
    message:
      `docker-registry on 127.0.0.1:${port} did not answer GET /v2/ with ${expected} ` +
      `within ${timeoutMs} ms (${spawnError ? spawnError.message : exited ? 'it exited' : lastStatus})` +
      `\nregistry output:\n${output}`,
  };
}

interface Started {
  dir: string;
  port: number;
  storageDir: string;
  tls: TlsFiles | undefined;
  child: ChildProcess;
  stderr: () => string;
  username: string | undefined;
  password: string | undefined;
}

async function handle(started: Started): Promise<TestRegistry> {
  const { dir, port, tls, child, username, password } = started;
  const host = `127.0.0.1:${port}`;
  let ca: Buffer | undefined;
  if (tls) {
    ca = await readFile(tls.caPath);
    await mkdir(join(tls.certsDir, host), { recursive: true });
    await writeFile(join(tls.certsDir, host, 'ca.crt'), ca);
  }
  const agent = ca ? new Agent({ connect: { ca } }) : new Agent();
  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      await agent.close();
      await killChild(child);
      await rm(dir, { recursive: true, force: true });
    })());
  return {
    host,
    port,
    url: `${tls ? 'https' : 'http'}://${host}`,
    mode: tls ? 'tls' : 'plain',
    caPath: tls?.caPath,
    username,
    password,
    certsDir: tls?.certsDir,
    storageDir: started.storageDir,
    pid: child.pid ?? -1,
    agent,
    authorization:
      username !== undefined && password !== undefined
        ? `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`
        : undefined,
    stderr: started.stderr,
    stop,
    [Symbol.asyncDispose]: stop,
  };
}

/** Asks the kernel for a free port on 127.0.0.1 and releases it. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('no port assigned'))));
    });
  });
}

/** Registries of this process still running: killed if the test process exits without stop(). */
const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

async function killChild(child: ChildProcess): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }
  live.delete(child);
}
