// Proves the per-test environment: what berth is run with, the config files it gets, and that
// dispose() removes processes, runc containers and mounts under the temp dir and nothing else.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'smol-toml';
import { createBerthEnv } from './berth-env.ts';
import { mountsUnder, processesReferencing } from './cleanup-tree.ts';
import { busyboxRootfsTar, importBusybox } from './fixtures.ts';
import { runOk } from './run-process.ts';

const fakeBerth = `
let input = '';
process.stdin.on('data', (chunk) => (input += chunk));
process.stdin.on('end', () => {
  const pick = ['NO_COLOR', 'TMPDIR', 'CONTAINERS_REGISTRIES_CONF', 'CONTAINERS_CONF',
    'REGISTRY_AUTH_FILE', 'NODE_EXTRA_CA_CERTS', 'EXTRA'];
  const env = Object.fromEntries(pick.map((key) => [key, process.env[key] ?? null]));
  process.stdout.write(JSON.stringify({ argv: process.argv.slice(2), env, input, cwd: process.cwd() }));
  process.stderr.write('to stderr');
  process.exit(Number(process.argv.at(-1)) || 0);
});
`;

/** Running and not a zombie (our own killed children may not be reaped yet). */
function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return !stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false;
  }
}

test('berth() runs node BIN --root --runroot ARGS with the hermetic environment', async (t) => {
  const binDir = await mkdtemp('/tmp/bt-bin-');
  t.after(() => rm(binDir, { recursive: true, force: true }));
  const bin = join(binDir, 'fake-berth.mjs');
  await writeFile(bin, fakeBerth);
  const env = await createBerthEnv(t, { bin });

  assert.match(env.dir, /^\/tmp\/bt-[A-Za-z0-9]{6}$/);
  assert.equal(env.runroot, `${env.dir}/r`);
  assert.ok(env.runroot.length <= 20, 'runroot must stay short for conmon socket paths');
  for (const path of [env.root, env.runroot, env.tmpDir]) assert.ok(existsSync(path), path);

  const run = await env.berth(['ps', '-a', '3'], { input: 'hello', env: { EXTRA: 'x' } });
  assert.equal(run.status, 3);
  assert.equal(run.stderr, 'to stderr');
  const seen = JSON.parse(run.stdout) as {
    argv: string[];
    env: Record<string, string | null>;
    input: string;
    cwd: string;
  };
  assert.deepEqual(seen.argv, ['--root', env.root, '--runroot', env.runroot, 'ps', '-a', '3']);
  assert.deepEqual(seen.env, {
    NO_COLOR: '1',
    TMPDIR: env.tmpDir,
    CONTAINERS_REGISTRIES_CONF: env.registriesConfPath,
    CONTAINERS_CONF: env.containersConfPath,
    REGISTRY_AUTH_FILE: env.authFilePath,
    NODE_EXTRA_CA_CERTS: null,
    EXTRA: 'x',
  });
  assert.equal(seen.input, 'hello');
  assert.equal(seen.cwd, env.dir);

  await assert.rejects(env.berthOk(['fail', '4']), /exit status 4[\s\S]*to stderr/);
  assert.equal((await env.berthOk(['ok'])).includes('"ok"'), true);
});

test('berth() rejects clearly when the bundle is missing', async (t) => {
  const env = await createBerthEnv(t, { bin: '/nonexistent/berth.mjs' });
  await assert.rejects(
    env.berth(['info']),
    /\/nonexistent\/berth\.mjs does not exist: run `npm run build`/,
  );
});

test('registries.conf starts empty and gains [[registry]] tables; writeAuth writes auth.json', async (t) => {
  const env = await createBerthEnv(t);
  const toml = async () =>
    JSON.parse(JSON.stringify(parse(await readFile(env.registriesConfPath, 'utf8'))));
  let conf = await toml();
  assert.deepEqual(conf, { 'unqualified-search-registries': [] });

  await env.addRegistry({ location: '127.0.0.1:5000', insecure: true });
  await env.addRegistry({
    location: 'example.test/ns',
    prefix: 'example.test',
    mirrors: [
      { location: '127.0.0.1:5001', insecure: true },
      { location: '127.0.0.1:5002', pullFromMirror: 'digest-only' },
    ],
  });
  await env.setSearchRegistries(['127.0.0.1:5000']);
  conf = await toml();
  assert.deepEqual(conf, {
    'unqualified-search-registries': ['127.0.0.1:5000'],
    registry: [
      { location: '127.0.0.1:5000', insecure: true },
      {
        location: 'example.test/ns',
        prefix: 'example.test',
        mirror: [
          { location: '127.0.0.1:5001', insecure: true },
          { location: '127.0.0.1:5002', 'pull-from-mirror': 'digest-only' },
        ],
      },
    ],
  });

  assert.equal(existsSync(env.authFilePath), false);
  await env.writeAuth('127.0.0.1:5000', 'user', 'pass');
  assert.deepEqual(JSON.parse(readFileSync(env.authFilePath, 'utf8')), {
    auths: { '127.0.0.1:5000': { auth: Buffer.from('user:pass').toString('base64') } },
  });
});

/** Starts a runc container (`sleep 300`) with its bundle in bundleDir; returns its init PID. */
async function startRuncContainer(runcRoot: string, bundleDir: string, id: string, tar: string) {
  await mkdir(join(bundleDir, 'rootfs'), { recursive: true });
  await runOk(['tar', '-C', join(bundleDir, 'rootfs'), '-xf', tar]);
  await runOk(['runc', 'spec', '--bundle', bundleDir]);
  const configPath = join(bundleDir, 'config.json');
  const config = JSON.parse(await readFile(configPath, 'utf8')) as {
    process: { terminal: boolean; args: string[] };
  };
  config.process.terminal = false;
  config.process.args = ['sleep', '300'];
  await writeFile(configPath, JSON.stringify(config));
  const runc = ['--root', runcRoot];
  // The container's init inherits runc's stdio: pipes would stay open, so hand it none.
  const create = spawnSync('runc', [...runc, 'create', '--bundle', bundleDir, id], {
    stdio: 'ignore',
  });
  assert.equal(create.status, 0, `runc create ${id} failed`);
  await runOk(['runc', ...runc, 'start', id]);
  const state = JSON.parse(await runOk(['runc', ...runc, 'state', id])) as { pid: number };
  return state.pid;
}

test('dispose() kills processes, deletes runc containers, unmounts and removes the dir', async () => {
  const env = await createBerthEnv();
  const bystander = spawn('sleep', ['300'], { cwd: '/tmp', stdio: 'ignore' });
  try {
    // Processes referring to the dir by cwd, argument and environment, like conmon would.
    const byCwd = spawn('sleep', ['301'], { cwd: env.tmpDir, stdio: 'ignore', detached: true });
    const byArg = spawn('sh', ['-c', 'sleep 302; echo "$0"', `${env.runroot}/x`], {
      cwd: '/',
      stdio: 'ignore',
      detached: true,
    });
    const byEnv = spawn('sleep', ['303'], {
      cwd: '/',
      env: env.env,
      stdio: 'ignore',
      detached: true,
    });
    for (const child of [byCwd, byArg, byEnv]) child.unref();

    // Stacked mounts as an overlay rootfs with a tmpfs inside it would leave.
    const merged = join(env.root, 'overlay', 'abc', 'merged');
    await mkdir(merged, { recursive: true });
    await runOk(['mount', '-t', 'tmpfs', 'tmpfs', merged]);
    await mkdir(join(merged, 'dev'));
    await runOk(['mount', '-t', 'tmpfs', 'tmpfs', join(merged, 'dev')]);
    await runOk(['mount', '--bind', merged, merged]);

    // runc containers: one with its state under the runroot, one in the host's /run/runc.
    const tar = await busyboxRootfsTar(env.dir);
    const id = env.dir.slice('/tmp/'.length);
    const innerRoot = join(env.runroot, 'runc');
    const innerPid = await startRuncContainer(innerRoot, join(env.dir, 'b1'), `${id}-a`, tar);
    const hostPid = await startRuncContainer('/run/runc', join(env.dir, 'b2'), `${id}-b`, tar);

    const pids = [byCwd.pid, byArg.pid, byEnv.pid, innerPid, hostPid];
    for (const pid of pids) assert.ok(pid !== undefined && isAlive(pid), `pid ${pid} alive`);
    const referencing = await processesReferencing(env.dir);
    for (const pid of pids) assert.ok(referencing.includes(pid ?? -1), `found pid ${pid}`);
    assert.ok(!referencing.includes(bystander.pid ?? -1), 'bystander not matched');
    assert.ok((await mountsUnder(env.dir)).length >= 3);

    await env.dispose();

    for (const pid of pids) assert.equal(isAlive(pid ?? -1), false, `pid ${pid} survived`);
    assert.deepEqual(await mountsUnder(env.dir), []);
    assert.equal(existsSync(env.dir), false);
    assert.equal(existsSync(`/run/runc/${id}-b`), false, 'host runc state removed');
    const state = spawnSync('runc', ['state', `${id}-b`], { encoding: 'utf8' });
    assert.notEqual(state.status, 0);
    assert.ok(bystander.pid !== undefined && isAlive(bystander.pid), 'bystander survived');
    await env.dispose(); // idempotent
  } finally {
    bystander.kill('SIGKILL');
    await env.dispose().catch(() => undefined);
  }
});

test('dispose() removes a detached berth container: conmon, its processes and its mounts', async () => {
  const env = await createBerthEnv();
  try {
    await importBusybox(env);
    const id = (await env.berthOk(['run', '-d', 'localhost/busybox', 'sleep', '300'])).trim();
    assert.match(id, /^[0-9a-f]{64}$/);
    const pids = await processesReferencing(env.dir);
    const commands = pids.map((pid) => readFileSync(`/proc/${pid}/cmdline`, 'latin1'));
    assert.ok(
      commands.some((cmd) => cmd.includes('conmon\0')),
      'conmon found',
    );
    assert.ok(
      commands.some((cmd) => cmd === 'sleep\x00300\x00'),
      'container process found',
    );
    assert.ok((await mountsUnder(env.dir)).length > 0, 'rootfs mounted');

    await env.dispose();

    for (const pid of pids) assert.equal(isAlive(pid), false, `pid ${pid} survived`);
    assert.deepEqual(await mountsUnder(env.dir), []);
    assert.equal(existsSync(env.dir), false);
  } finally {
    await env.dispose().catch(() => undefined);
  }
});
