// A hermetic per-test environment for running the built `dist/berth` like a user: its own
// --root, --runroot, config files, auth file and TMPDIR under one short temp dir, and a cleanup
// that removes every process, mount and runtime state left under that dir (and nothing else).
import { existsSync } from 'node:fs';
import { randomInt } from 'node:crypto';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { TestContext } from 'node:test';
import { cleanupTree } from './cleanup-tree.ts';
import { runProcess, type RunResult } from './run-process.ts';

/** The built CLI. BERTH_TEST_BIN overrides it (a path to another bundle). */
export const berthBin =
  process.env['BERTH_TEST_BIN'] ?? resolve(import.meta.dirname, '../../dist/berth');

export interface BerthEnvOptions {
  /** The script node runs as berth. Default: berthBin. */
  bin?: string;
}

export interface BerthRunOptions {
  /** Written to berth's stdin, which is then closed. Default: stdin is /dev/null. */
  input?: string | Buffer;
  /** SIGKILL berth after this many milliseconds. Default 60 000. */
  timeoutMs?: number;
  /** Extra environment variables (undefined removes one). */
  env?: Record<string, string | undefined>;
  cwd?: string;
}

/** One `[[registry]]` table of registries.conf v2. */
export interface RegistryEntry {
  location: string;
  prefix?: string;
  insecure?: boolean;
  blocked?: boolean;
  mirrors?: readonly {
    location: string;
    insecure?: boolean;
    /** `pull-from-mirror`: which pulls may use this mirror (default all). */
    pullFromMirror?: 'all' | 'digest-only' | 'tag-only';
  }[];
}

export interface BerthEnv extends AsyncDisposable {
  /** The temp dir holding everything below (`/tmp/bt-XXXXXX`). */
  readonly dir: string;
  /** --root (`<dir>/root`). */
  readonly root: string;
  /** --runroot (`<dir>/r`, short: conmon's attach socket path must fit in 108 bytes). */
  readonly runroot: string;
  /** TMPDIR of the child (`<dir>/tmp`). */
  readonly tmpDir: string;
  /** CONTAINERS_REGISTRIES_CONF. */
  readonly registriesConfPath: string;
  /** CONTAINERS_CONF. */
  readonly containersConfPath: string;
  /** This environment's default bridge network (containers.conf [network]). */
  readonly network: { name: string; bridge: string; table: string; subnet: string };
  /** REGISTRY_AUTH_FILE (not created until something writes it). */
  readonly authFilePath: string;
  /** The environment berth runs with (process.env less NODE_EXTRA_CA_CERTS, plus the above). */
  readonly env: Record<string, string>;
  /** Global options placed before every command: --root, --runroot. */
  readonly globalArgs: readonly string[];
  /** Runs `node dist/berth --root R --runroot RR ...args`; never throws on exit status. */
  berth(args: readonly string[], options?: BerthRunOptions): Promise<RunResult>;
  /** Like berth() but throws (with stderr) unless the exit status is 0; returns stdout. */
  berthOk(args: readonly string[], options?: BerthRunOptions): Promise<string>;
  /** Adds a `[[registry]]` table and rewrites registries.conf. */
  addRegistry(entry: RegistryEntry): Promise<void>;
  /** Sets `unqualified-search-registries` (default []) and rewrites registries.conf. */
  setSearchRegistries(registries: readonly string[]): Promise<void>;
  /** Writes auth.json with credentials for host, as `podman login` would. */
  writeAuth(host: string, username: string, password: string): Promise<void>;
  /** Runs fn at dispose time, before the generic cleanup (e.g. a test's own nft table). */
  defer(fn: () => Promise<void> | void): void;
  /** Kills leftover processes, unmounts, deletes runtime state and the temp dir. Idempotent. */
  dispose(): Promise<void>;
}

/**
 * Creates the environment. With a node:test context, it is disposed after the test; otherwise
 * use `await using env = await createBerthEnv()` or call dispose().
 */
export async function createBerthEnv(
  t?: TestContext,
  options: BerthEnvOptions = {},
): Promise<BerthEnv> {
  const bin = options.bin ?? berthBin;
  const dir = await mkdtemp('/tmp/bt-');
  const root = join(dir, 'root');
  const runroot = join(dir, 'r');
  const tmpDir = join(dir, 'tmp');
  await Promise.all([root, runroot, tmpDir].map((path) => mkdir(path)));
  const registriesConfPath = join(dir, 'registries.conf');
  const containersConfPath = join(dir, 'containers.conf');
  const storageConfPath = join(dir, 'storage.conf');
  const authFilePath = join(dir, 'auth.json');
  // Each environment has its own default network (name, bridge, subnet, nftables table), so tests
  // in parallel never share addresses; dispose removes the bridge and the table.
  const suffix = dir
    .slice(dir.lastIndexOf('-') + 1)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, 'x');
  const network = {
    name: `bt${suffix}`,
    bridge: `br-bt${suffix}`.slice(0, 15),
    table: `berth-bt${suffix}`,
    subnet: `10.${89 + randomInt(30)}.${randomInt(256)}.0/24`,
  };
  await writeFile(
    containersConfPath,
    `# berth test environment\n[engine]\n[network]\ndefault_network = "${network.name}"\ndefault_subnet = "${network.subnet}"\n`,
  );
  await writeFile(
    storageConfPath,
    `[storage]\ndriver = "overlay"\ngraphroot = ${JSON.stringify(root)}\nrunroot = ${JSON.stringify(runroot)}\n`,
  );
  const env = childEnv({
    NO_COLOR: '1',
    TMPDIR: tmpDir,
    CONTAINERS_REGISTRIES_CONF: registriesConfPath,
    CONTAINERS_CONF: containersConfPath,
    CONTAINERS_STORAGE_CONF: storageConfPath,
    REGISTRY_AUTH_FILE: authFilePath,
  });
  const registries: RegistryEntry[] = [];
  let search: readonly string[] = [];
  const writeRegistries = () =>
    writeFile(registriesConfPath, renderRegistriesConf(search, registries));
  await writeRegistries();
  const globalArgs = ['--root', root, '--runroot', runroot] as const;
  const deferred: (() => Promise<void> | void)[] = [
    async () => {
      await runProcess(['nft', 'delete', 'table', 'inet', network.table]).catch(() => undefined);
      await runProcess(['ip', 'link', 'del', 'dev', network.bridge]).catch(() => undefined);
    },
  ];
  let disposed: Promise<void> | undefined;
  const dispose = () => (disposed ??= disposeAll(dir, deferred));

  const berth = (args: readonly string[], options: BerthRunOptions = {}) => {
    if (!existsSync(bin)) {
      return Promise.reject(new Error(`${bin} does not exist: run \`npm run build\` first`));
    }
    return runProcess([process.execPath, '--', bin, ...globalArgs, ...args], {
      env: mergeEnv(env, options.env),
      ...(options.input === undefined ? {} : { input: options.input }),
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      cwd: options.cwd ?? dir,
    });
  };
  const result: BerthEnv = {
    dir,
    root,
    runroot,
    tmpDir,
    registriesConfPath,
    containersConfPath,
    network,
    authFilePath,
    env,
    globalArgs,
    berth,
    async berthOk(args, options = {}) {
      const run = await berth(args, options);
      if (run.status !== 0) {
        throw new Error(
          `berth ${args.join(' ')}: exit status ${run.status}\n${run.stderr}${run.stdout}`,
        );
      }
      return run.stdout;
    },
    async addRegistry(entry) {
      registries.push(entry);
      await writeRegistries();
    },
    async setSearchRegistries(list) {
      search = [...list];
      await writeRegistries();
    },
    async writeAuth(host, username, password) {
      const auth = Buffer.from(`${username}:${password}`).toString('base64');
      await writeFile(
        authFilePath,
        JSON.stringify({ auths: { [host]: { auth } } }, null, 2) + '\n',
      );
    },
    defer(fn) {
      deferred.push(fn);
    },
    dispose,
    [Symbol.asyncDispose]: dispose,
  };
  t?.after(dispose);
  return result;
}

function childEnv(extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined) env[key] = value;
  }
  // The workplace's CA bundle adds ~70 ms to every node start and is not needed on loopback.
  delete env['NODE_EXTRA_CA_CERTS'];
  delete env['FORCE_COLOR'];
  return { ...env, ...extra };
}

function mergeEnv(
  base: Record<string, string>,
  extra: Record<string, string | undefined> | undefined,
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base };
  for (const [key, value] of Object.entries(extra ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

/** registries.conf v2 for the given search list and `[[registry]]` tables. */
export function renderRegistriesConf(
  search: readonly string[],
  registries: readonly RegistryEntry[],
): string {
  const q = (text: string) => JSON.stringify(text);
  const lines = [
    '# berth test environment',
    `unqualified-search-registries = [${search.map(q).join(', ')}]`,
  ];
  for (const entry of registries) {
    lines.push('', '[[registry]]', `location = ${q(entry.location)}`);
    if (entry.prefix !== undefined) lines.push(`prefix = ${q(entry.prefix)}`);
    if (entry.insecure !== undefined) lines.push(`insecure = ${entry.insecure}`);
    if (entry.blocked !== undefined) lines.push(`blocked = ${entry.blocked}`);
    for (const mirror of entry.mirrors ?? []) {
      lines.push('', '[[registry.mirror]]', `location = ${q(mirror.location)}`);
      if (mirror.insecure !== undefined) lines.push(`insecure = ${mirror.insecure}`);
      if (mirror.pullFromMirror !== undefined)
        lines.push(`pull-from-mirror = ${q(mirror.pullFromMirror)}`);
    }
  }
  return lines.join('\n') + '\n';
}

async function disposeAll(dir: string, deferred: (() => Promise<void> | void)[]): Promise<void> {
  const errors: unknown[] = [];
  for (const fn of deferred.reverse()) {
    try {
      await fn();
    } catch (error) {
      errors.push(error);
    }
  }
  try {
    await cleanupTree(dir);
  } catch (error) {
    errors.push(error);
  }
  if (errors.length > 0) throw new AggregateError(errors, `cleaning up ${dir} failed`);
}
