// The seed's boot-start flow without systemd as PID 1 (this machine): `run -d --name myweb`,
// `generate systemd --name myweb --files [--new]`, then each unit's ExecStartPre/ExecStart/
// ExecStop/ExecStopPost run as systemd would (specifiers expanded, systemd's quoting), Type=notify
// checked on a NOTIFY_SOCKET datagram socket the test binds, Type=forking by the PIDFile's conmon.
// systemd-analyze verify (system and --user) checks every unit file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { realpathSync } from 'node:fs';
import { mkdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { berthBin, createBerthEnv, type BerthEnv } from '../harness/berth-env.ts';
import { openEngine } from '../../src/domain/open-engine.ts';
import { importBusybox } from '../harness/fixtures.ts';
import { freePort } from '../harness/registry.ts';
import { runProcess } from '../harness/run-process.ts';
import { retry, waitFor } from '../harness/wait.ts';
import {
  expandSpecifiers,
  notifyListener,
  splitCommandLine,
  unitKeys,
} from '../harness/systemd-unit-runner.ts';

async function httpGet(port: number): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(3000) });
  await response.text();
  return response.status;
}

async function comm(pid: number): Promise<string> {
  return (await readFile(`/proc/${pid}/comm`, 'utf8')).trim();
}

interface Unit {
  name: string;
  path: string;
  keys: Map<string, string[]>;
  /** Runs one Exec key's command lines in order (as systemd: each must exit 0). */
  exec(key: string, extraEnv?: Record<string, string>): Promise<void>;
}

/**
 * podman 4.3.1 carries the create command's global flags into ExecStart only, so start/stop/rm
 * address the default store; this test's store is elsewhere (--root/--runroot): add them there.
 */
function withStore(env: BerthEnv, argv: string[]): string[] {
  const [exe = '', ...rest] = argv;
  if (!exe.endsWith('/berth') || rest.includes('--root')) return argv;
  return [exe, ...env.globalArgs, ...rest];
}

async function generateUnit(env: BerthEnv, args: string[], runtimeDir: string): Promise<Unit> {
  const cwd = join(env.dir, 'units');
  await mkdir(cwd, { recursive: true });
  const result = await env.berth(['generate', 'systemd', '--files', ...args], { cwd });
  assert.equal(result.status, 0, result.stderr);
  const path = result.stdout.trim();
  const name = path.slice(cwd.length + 1);
  assert.equal(path, join(cwd, name));
  const keys = unitKeys(await readFile(path, 'utf8'));
  return {
    name,
    path,
    keys,
    exec: async (key, extraEnv = {}) => {
      for (const line of keys.get(key) ?? []) {
        const argv = withStore(env, splitCommandLine(expandSpecifiers(line, { name, runtimeDir })));
        const run = await runProcess(argv, { env: { ...env.env, ...extraEnv }, timeoutMs: 30_000 });
        assert.equal(run.status, 0, `${key}=${argv.join(' ')}: ${run.stderr}`);
      }
    },
  };
}

async function verify(env: BerthEnv, unit: Unit): Promise<void> {
  const system = await runProcess(['systemd-analyze', 'verify', unit.path], { env: env.env });
  assert.equal(system.status, 0, system.stderr);
  const xdg = join(env.dir, 'xdg');
  await mkdir(xdg, { recursive: true, mode: 0o700 });
  const user = await runProcess(['systemd-analyze', '--user', 'verify', unit.path], {
    env: { ...env.env, XDG_RUNTIME_DIR: xdg },
  });
  assert.equal(user.status, 0, user.stderr);
}

async function startMyweb(env: BerthEnv, port: number): Promise<void> {
  await importBusybox(env);
  await env.berthOk([
    'run',
    '-d',
    '--name',
    'myweb',
    '-p',
    `${port}:8080`,
    'busybox',
    'httpd',
    '-f',
    '-p',
    '8080',
  ]);
  assert.equal(await retry(() => httpGet(port)), 404);
}

async function mywebIds(env: BerthEnv): Promise<string[]> {
  const out = await env.berthOk(['ps', '-a', '--filter', 'name=myweb', '--format', '{{.ID}}']);
  return out.split('\n').filter(Boolean);
}

test('--new unit: ExecStart re-creates myweb (replacing it), READY on NOTIFY_SOCKET, ExecStop/ExecStopPost remove it', async (t) => {
  const env = await createBerthEnv(t);
  const port = await freePort();
  await startMyweb(env, port);
  const runtimeDir = join(env.dir, 'run');
  await mkdir(runtimeDir);
  const unit = await generateUnit(env, ['--name', '--new', 'myweb'], runtimeDir);
  assert.equal(unit.name, 'container-myweb.service');
  await verify(env, unit);
  assert.deepEqual(unit.keys.get('Type'), ['notify']);
  assert.deepEqual(unit.keys.get('NotifyAccess'), ['all']);

  const socketPath = join(env.dir, 'notify.sock');
  const listener = notifyListener(socketPath);
  t.after(() => listener.close());
  const before = await mywebIds(env);
  await unit.exec('ExecStartPre');
  await unit.exec('ExecStart', { NOTIFY_SOCKET: socketPath });
  await waitFor(async () => listener.messages.includes('READY=1'), 'READY=1');
  const mainPid = listener.messages.find((message) => message.startsWith('MAINPID='));
  assert.ok(mainPid, listener.messages.join(','));
  assert.equal(await comm(Number(mainPid.slice('MAINPID='.length))), 'conmon');
  assert.ok(listener.messages.indexOf(mainPid) < listener.messages.indexOf('READY=1'));

  const cid = (await readFile(join(runtimeDir, `${unit.name}.ctr-id`), 'utf8')).trim();
  const after = await mywebIds(env);
  assert.equal(after.length, 1, 'replaced, not duplicated');
  assert.notEqual(after[0], before[0]?.slice(0, 12));
  assert.equal(cid.slice(0, 12), after[0]);
  assert.equal(await retry(() => httpGet(port)), 404);
  const sdnotify = await env.berthOk(['inspect', '--format', '{{.Config.CreateCommand}}', 'myweb']);
  assert.match(sdnotify, /--sdnotify=conmon/);

  // Started twice (ExecStartPre clears the cidfile): --replace keeps one container.
  await unit.exec('ExecStartPre');
  await unit.exec('ExecStart', { NOTIFY_SOCKET: socketPath });
  assert.equal((await mywebIds(env)).length, 1);

  await unit.exec('ExecStop');
  await unit.exec('ExecStopPost');
  assert.deepEqual(await mywebIds(env), [], 'ExecStop (--rm) and ExecStopPost removed it');
  await assert.rejects(() => httpGet(port));
  // systemd runs ExecStopPost also after a failed start: --ignore makes it succeed.
  await unit.exec('ExecStop');
  await unit.exec('ExecStopPost');
});

test('unit for the existing container: Type=forking, PIDFile is conmon, ExecStop stops it', async (t) => {
  const env = await createBerthEnv(t);
  const port = await freePort();
  await startMyweb(env, port);
  const unit = await generateUnit(env, ['--name', 'myweb'], join(env.dir, 'run'));
  await verify(env, unit);
  assert.deepEqual(unit.keys.get('Type'), ['forking']);
  await env.berthOk(['stop', 'myweb']);

  await unit.exec('ExecStart');
  const [pidFile = ''] = unit.keys.get('PIDFile') ?? [];
  await stat(pidFile);
  const pid = Number((await readFile(pidFile, 'utf8')).trim());
  assert.equal(await comm(pid), 'conmon');
  assert.equal(await retry(() => httpGet(port)), 404);

  await unit.exec('ExecStop');
  await unit.exec('ExecStopPost');
  assert.equal(
    (await env.berthOk(['inspect', '--format', '{{.State.Status}}', 'myweb'])).trim(),
    'exited',
  );
  await waitFor(
    async () =>
      readFile(`/proc/${pid}/comm`, 'utf8').then(
        () => false,
        () => true,
      ),
    'conmon to exit',
  );
});

test('generate systemd: podman errors for a missing container and --new without a create command', async (t) => {
  const env = await createBerthEnv(t);
  const missing = await env.berth(['generate', 'systemd', 'nope']);
  assert.equal(missing.status, 125);
  assert.equal(
    missing.stderr,
    'Error: nope does not refer to a container or pod: no pod with name or ID nope found: no such pod: no container with name or ID "nope" found: no such container\n',
  );

  // Created through the engine API (as the REST API will): no create command to replay.
  await importBusybox(env);
  {
    await using engine = await openEngine({
      root: env.root,
      runroot: env.runroot,
      env: env.env,
      selfCommand: [process.execPath, '--', realpathSync(berthBin)],
    });
    await engine.containers.create({
      image: 'busybox',
      command: ['true'],
      name: 'viaapi',
      remove: false,
      detach: false,
      interactive: false,
      tty: false,
      env: [],
      volumes: [],
      network: 'none',
    });
  }
  const noCommand = await env.berth(['generate', 'systemd', '--new', '--name', 'viaapi']);
  assert.equal(noCommand.status, 125);
  assert.equal(
    noCommand.stderr,
    'Error: cannot use --new on container "viaapi": it has no stored create command (created through an API, not the CLI)\n',
  );
  // Without --new the unit needs no create command.
  assert.match(await env.berthOk(['generate', 'systemd', 'viaapi']), /^Type=forking$/m);

  const refused = async (args: string[], message: string) => {
    const result = await env.berth(['generate', 'systemd', ...args]);
    assert.equal(result.status, 125, result.stderr);
    assert.equal(result.stderr, `Error: ${message}\n`);
  };
  await refused(['--restart-policy', 'bogus', 'viaapi'], 'bogus is not a valid restart policy');
  await refused(['--format', 'yaml', 'viaapi'], 'unknown --format argument: yaml');
  await refused([], 'accepts 1 arg(s), received 0');

  // A container restart policy: warned about without --new (Restart= stays on-failure); with
  // --new, --restart is dropped from the command and `always` becomes Restart=always.
  await env.berthOk(['create', '--name', 'rp', '--restart', 'always', 'busybox', 'true']);
  const plain = await env.berth(['generate', 'systemd', '--name', 'rp']);
  assert.match(plain.stdout, /^Restart=on-failure$/m);
  assert.match(
    plain.stderr,
    /has restart policy \\"always\\" which can lead to issues on shutdown/,
  );
  const recreated = await env.berth(['generate', 'systemd', '--new', '--name', 'rp']);
  assert.match(recreated.stdout, /^Restart=always$/m);
  assert.doesNotMatch(recreated.stdout, /--restart/);
  assert.equal(recreated.stderr, '');
});

test('run --sdnotify: conmon notifies an abstract @socket, ignore sends nothing; bad --cgroups/--sdnotify/--replace refused', async (t) => {
  const env = await createBerthEnv(t);
  await importBusybox(env);
  const address = `@berth-e2e-${process.pid}-${Date.now()}`;
  const listener = notifyListener(address);
  t.after(() => listener.close());
  const notify = { env: { NOTIFY_SOCKET: address } };
  await env.berthOk(
    [
      'run',
      '-d',
      '--sdnotify=ignore',
      '--cgroups=split',
      '--name',
      'quiet',
      'busybox',
      'sleep',
      '60',
    ],
    notify,
  );
  await env.berthOk(
    [
      'run',
      '-d',
      '--sdnotify=conmon',
      '--cgroups=no-conmon',
      '--name',
      'loud',
      'busybox',
      'sleep',
      '60',
    ],
    notify,
  );
  await waitFor(
    async () => listener.messages.includes('READY=1'),
    'READY=1 on the abstract socket',
  );
  const conmonPid = (
    await env.berthOk(['inspect', '--format', '{{.State.ConmonPid}}', 'loud'])
  ).trim();
  assert.deepEqual(listener.messages, [`MAINPID=${conmonPid}`, 'READY=1']);

  const bad = async (args: string[], message: string) => {
    const result = await env.berth(['create', ...args, 'busybox', 'true']);
    assert.equal(result.status, 125, result.stderr);
    assert.equal(result.stderr, `Error: ${message}\n`);
  };
  await bad(['--cgroups=bogus'], 'invalid cgroups mode "bogus"');
  await bad(
    ['--sdnotify=bogus'],
    'invalid argument: invalid sdnotify value "bogus": must be container, conmon or ignore',
  );
  await bad(['--replace'], 'cannot replace container without --name being set');
  await env.berthOk(['rm', '-f', '-t', '0', 'quiet', 'loud']);
});

test('stop/rm --cidfile: the ID from the file; a missing file is podman’s error, or skipped with --ignore', async (t) => {
  const env = await createBerthEnv(t);
  await importBusybox(env);
  const cidfile = join(env.dir, 'ctr-id');
  const id = (
    await env.berthOk(['run', '-d', '--cidfile', cidfile, '--name', 'c1', 'busybox', 'sleep', '60'])
  ).trim();
  assert.equal(await readFile(cidfile, 'utf8'), id);
  assert.equal(await env.berthOk(['stop', '-t', '0', '--cidfile', cidfile]), `${id}\n`);
  assert.equal(await env.berthOk(['rm', '--cidfile', cidfile]), `${id}\n`);
  const missing = join(env.dir, 'nonexist');
  for (const verb of ['stop', 'rm']) {
    const result = await env.berth([verb, '--cidfile', missing]);
    assert.equal(result.status, 125);
    assert.equal(
      result.stderr,
      `Error: reading CIDFile: open ${missing}: no such file or directory\n`,
    );
    const ignored = await env.berth([verb, '--ignore', '--cidfile', missing]);
    assert.equal(ignored.status, 0, ignored.stderr);
  }
  const both = await env.berth(['stop', '--cidfile', missing, 'c1']);
  assert.equal(both.stderr, 'Error: no arguments are needed with --latest or --cidfile\n');
});
