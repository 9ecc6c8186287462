// run/create flags as a user passes them: security (--read-only, --cap-drop, --privileged),
// environment (--env-file, --env-host), metadata (--label, --annotation), lifecycle
// (--restart, --stop-signal, --cidfile) and resources (--ulimit, --pids-limit, --tmpfs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { berthBin, createBerthEnv } from '../harness/berth-env.ts';
import { runProcess } from '../harness/run-process.ts';
import { importBusybox } from '../harness/fixtures.ts';
import { waitFor } from '../harness/wait.ts';

test('security flags: --read-only, --tmpfs, --cap-drop, --cap-add, --privileged', async (t) => {
  const env = await createBerthEnv(t);
  await importBusybox(env);
  const readOnly = await env.berth([
    'run',
    '--rm',
    '--read-only',
    'busybox',
    'sh',
    '-c',
    'touch /etc/x',
  ]);
  assert.notEqual(readOnly.status, 0);
  assert.match(readOnly.stderr, /Read-only file system/);
  assert.equal(
    await env.berthOk([
      'run',
      '--rm',
      '--read-only',
      'busybox',
      'sh',
      '-c',
      'touch /tmp/x && echo ok',
    ]),
    'ok\n',
    '--read-only-tmpfs is the default',
  );
  const noTmpfs = await env.berth([
    'run',
    '--rm',
    '--read-only',
    '--read-only-tmpfs=false',
    'busybox',
    'sh',
    '-c',
    'touch /tmp/x',
  ]);
  assert.notEqual(noTmpfs.status, 0);
  assert.match(
    await env.berthOk([
      'run',
      '--rm',
      '--tmpfs',
      '/scratch:rw,size=1m',
      'busybox',
      'grep',
      ' /scratch ',
      '/proc/mounts',
    ]),
    /^tmpfs \/scratch tmpfs rw.*size=1024k/,
  );

  assert.equal(
    await env.berthOk([
      'run',
      '--rm',
      'busybox',
      'sh',
      '-c',
      'touch /f && chown 1:1 /f && echo chowned',
    ]),
    'chowned\n',
  );
  const dropped = await env.berth([
    'run',
    '--rm',
    '--cap-drop',
    'CHOWN',
    'busybox',
    'sh',
    '-c',
    'touch /f && chown 1:1 /f',
  ]);
  assert.equal(dropped.status, 1);
  assert.match(dropped.stderr, /Operation not permitted/);
  const capEff = (args: string[]) =>
    env.berthOk(['run', '--rm', ...args, 'busybox', 'grep', 'CapEff', '/proc/self/status']);
  const plain = BigInt(`0x${(await capEff([])).split(/\s+/)[1] ?? '0'}`);
  const added = BigInt(`0x${(await capEff(['--cap-add', 'NET_ADMIN'])).split(/\s+/)[1] ?? '0'}`);
  assert.equal(added, plain | (1n << 12n), 'NET_ADMIN is bit 12');
  const privileged = BigInt(`0x${(await capEff(['--privileged'])).split(/\s+/)[1] ?? '0'}`);
  const own = BigInt(
    `0x${/CapBnd:\s*(\w+)/.exec(await readFile('/proc/self/status', 'utf8'))?.[1] ?? '0'}`,
  );
  assert.equal(privileged, own, '--privileged gets the engine bounding set');
  assert.equal(
    await env.berthOk([
      'run',
      '--rm',
      '--privileged',
      'busybox',
      'sh',
      '-c',
      'test -c /dev/null && ls /dev | grep -c . | xargs test 10 -lt && echo many',
    ]),
    'many\n',
  );
});

test('environment and metadata: --env-file, --env-host, --label, --annotation', async (t) => {
  const env = await createBerthEnv(t);
  await importBusybox(env);
  const file = join(env.dir, 'vars.env');
  await writeFile(file, '# comment\n\nA=from-file\nB=two words\nFROM_HOST\n');
  const out = await env.berthOk(
    [
      'run',
      '--rm',
      '--env-file',
      file,
      '-e',
      'A=flag',
      'busybox',
      'sh',
      '-c',
      'echo "$A|$B|$FROM_HOST"',
    ],
    { env: { FROM_HOST: 'hosty' } },
  );
  assert.equal(
    out,
    'flag|two words|hosty\n',
    '-e wins over the file; a bare key takes the host value',
  );
  assert.equal(
    await env.berthOk(
      ['run', '--rm', '--env-host', 'busybox', 'sh', '-c', 'echo $BERTH_E2E_MARK'],
      { env: { BERTH_E2E_MARK: 'marked' } },
    ),
    'marked\n',
  );
  // A missing --env-file is not tested: Node 20 itself scans a script's arguments for --env-file and exits 9 first.

  await env.berthOk([
    'create',
    '--name',
    'tagged',
    '--label',
    'tier=web',
    '--label',
    'flag',
    '--annotation',
    'org.example/a=b',
    'busybox',
    'true',
  ]);
  await env.berthOk(['create', '--name', 'plain', 'busybox', 'true']);
  assert.equal(
    await env.berthOk(['ps', '-a', '--filter', 'label=tier=web', '--format', '{{.Names}}']),
    'tagged\n',
  );
  assert.equal(
    await env.berthOk(['ps', '-a', '--filter', 'label=flag', '--format', '{{.Names}}']),
    'tagged\n',
  );
  assert.equal(
    await env.berthOk(['ps', '-a', '--filter', 'name=tagged', '--format', '{{.Labels}}']),
    'map[flag: tier:web]\n',
  );
  const inspect = JSON.parse(await env.berthOk(['container', 'inspect', 'tagged'])) as {
    Config: { Labels: Record<string, string> };
  }[];
  assert.deepEqual(inspect[0]?.Config.Labels, { tier: 'web', flag: '' });
  await env.berthOk(['start', 'tagged']);
  await waitFor(
    async () =>
      (await env.berthOk(['ps', '-a', '--filter', 'name=tagged', '--format', '{{.State}}'])) ===
      'exited\n',
    'tagged to exit',
    15_000,
    100,
  );
  const annotated = JSON.parse(await env.berthOk(['container', 'inspect', 'tagged'])) as {
    Config: { Annotations: Record<string, string> };
  }[];
  assert.equal(annotated[0]?.Config.Annotations['org.example/a'], 'b');
});

test('lifecycle flags: --restart, --stop-signal, --stop-timeout, --cidfile, bad values', async (t) => {
  const env = await createBerthEnv(t);
  await importBusybox(env);
  await env.berthOk([
    'run',
    '-d',
    '--name',
    'flaky',
    '--restart',
    'on-failure:2',
    'busybox',
    'sh',
    '-c',
    'echo run; exit 1',
  ]);
  await waitFor(
    async () =>
      (await env.berthOk(['logs', 'flaky'])) === 'run\nrun\nrun\n' &&
      (await env.berthOk(['ps', '-a', '--format', '{{.State}}'])) === 'exited\n',
    'two restarts',
    15_000,
    100,
  );
  await new Promise((resolve) => setTimeout(resolve, 1500));
  assert.equal(await env.berthOk(['logs', 'flaky']), 'run\nrun\nrun\n', 'no third restart');

  await env.berthOk([
    'run',
    '-d',
    '--name',
    'always',
    '--restart',
    'always',
    'busybox',
    'sh',
    '-c',
    'echo up; sleep 0.3; exit 0',
  ]);
  await waitFor(
    async () => (await env.berthOk(['logs', 'always'])).split('\n').length > 3,
    'always to restart after a clean exit',
    15_000,
    100,
  );
  await env.berthOk([
    'run',
    '-d',
    '--name',
    'steady',
    '--restart',
    'always',
    'busybox',
    'sleep',
    '300',
  ]);
  assert.equal(await env.berthOk(['stop', '-t', '0', 'steady']), 'steady\n');
  await new Promise((resolve) => setTimeout(resolve, 1000));
  assert.equal(
    await env.berthOk(['ps', '-a', '--filter', 'name=steady', '--format', '{{.State}}']),
    'exited\n',
    'a stopped container is not restarted',
  );
  await env.berthOk(['rm', '-f', '-t', '0', 'always']);

  // busybox sh ignores nothing by default: trap USR1 proves the stop signal reached it.
  await env.berthOk([
    'run',
    '-d',
    '--name',
    'sig',
    '--stop-signal',
    'USR1',
    '--stop-timeout',
    '5',
    'busybox',
    'sh',
    '-c',
    'trap "echo got-usr1; exit 0" USR1; while true; do sleep 0.1; done',
  ]);
  const started = Date.now();
  assert.equal(await env.berthOk(['stop', 'sig']), 'sig\n');
  assert.ok(Date.now() - started < 4000, 'stopped by the signal, not the timeout');
  assert.equal(await env.berthOk(['logs', 'sig']), 'got-usr1\n');
  assert.equal(
    await env.berthOk([
      'container',
      'inspect',
      '--format',
      '{{.Config.StopSignal}} {{.Config.StopTimeout}}',
      'sig',
    ]),
    'USR1 5\n',
  );

  const cidfile = join(env.dir, 'cid');
  const id = (await env.berthOk(['run', '-d', '--cidfile', cidfile, 'busybox', 'true'])).trim();
  assert.equal(await readFile(cidfile, 'utf8'), id);
  assert.equal(
    (await env.berth(['run', '--cidfile', cidfile, 'busybox', 'true'])).status,
    125,
    'an existing cidfile is refused',
  );

  const badRestart = await env.berth(['run', '--restart', 'sometimes', 'busybox', 'true']);
  assert.equal(badRestart.status, 125);
  assert.match(badRestart.stderr, /invalid restart policy/);
  assert.equal(
    (await env.berth(['run', '--rm', '--restart', 'always', 'busybox', 'true'])).status,
    125,
  );
});

test('resource flags: --ulimit, --pids-limit, --memory, --shm-size, --log-driver none', async (t) => {
  const env = await createBerthEnv(t);
  await importBusybox(env);
  assert.equal(
    await env.berthOk([
      'run',
      '--rm',
      '--ulimit',
      'nofile=512:1024',
      'busybox',
      'sh',
      '-c',
      'ulimit -n; ulimit -Hn',
    ]),
    '512\n1024\n',
  );
  assert.match(
    await env.berthOk([
      'run',
      '--rm',
      '--shm-size',
      '2m',
      'busybox',
      'grep',
      ' /dev/shm ',
      '/proc/mounts',
    ]),
    /size=2048k/,
  );
  const id = (
    await env.berthOk([
      'run',
      '-d',
      '--pids-limit',
      '42',
      '--memory',
      '64m',
      '--cpus',
      '0.5',
      '--log-driver',
      'none',
      'busybox',
      'sh',
      '-c',
      'echo hidden; sleep 300',
    ])
  ).trim();
  assert.equal(await env.berthOk(['logs', id]).catch(() => ''), '', 'log driver none keeps no log');
  const spec = JSON.parse(await readFile(join(env.runroot, 'c', id, 'config.json'), 'utf8')) as {
    linux: { resources: Record<string, unknown> };
  };
  assert.deepEqual(spec.linux.resources['pids'], { limit: 42 });
  assert.deepEqual(
    spec.linux.resources['memory'],
    { limit: 64 * 1024 * 1024, swap: 128 * 1024 * 1024 },
    'podman: swap as much again as memory',
  );
  assert.deepEqual(spec.linux.resources['cpu'], { quota: 50_000, period: 100_000 });
  await env.berthOk(['rm', '-f', '-t', '0', id]);
  assert.equal(
    (await env.berth(['run', '--log-driver', 'syslogx', 'busybox', 'true'])).status,
    125,
  );
  assert.equal((await env.berth(['run', '--memory', 'lots', 'busybox', 'true'])).status, 125);
});

test('--init runs catatonit as PID 1 with the command as its child; --init-path needs --init', async (t) => {
  const env = await createBerthEnv(t);
  await importBusybox(env);
  const withInit = await env.berthOk([
    'run',
    '--rm',
    '--init',
    'busybox',
    'sh',
    '-c',
    'echo $$ $PPID; cat /proc/1/cmdline | tr "\\0" " "',
  ]);
  const [pids, pid1] = withInit.split('\n');
  assert.notEqual(pids?.split(' ')[0], '1', 'the command is not PID 1 under --init');
  assert.equal(pids?.split(' ')[1], '1', "the command's parent is the init");
  assert.match(pid1 ?? '', /^\/run\/podman-init -- sh -c /);
  const without = await env.berthOk(['run', '--rm', 'busybox', 'sh', '-c', 'echo $$']);
  assert.equal(without.trim(), '1');

  const id = (await env.berthOk(['create', '--init', 'busybox', 'true'])).trim();
  assert.equal(
    (await env.berthOk(['inspect', '--format', '{{.HostConfig.Init}}', id])).trim(),
    'true',
  );

  const orphan = await env.berth([
    'run',
    '--rm',
    '--init-path',
    '/usr/bin/catatonit',
    'busybox',
    'true',
  ]);
  assert.equal(orphan.status, 125);
  assert.match(orphan.stderr, /must also specify --init to use --init-path/);
  const missing = await env.berth([
    'run',
    '--rm',
    '--init',
    '--init-path',
    '/nonexistent/init',
    'busybox',
    'true',
  ]);
  assert.equal(missing.status, 125);
  assert.match(
    missing.stderr,
    /container-init binary not found on the host: stat \/nonexistent\/init/,
  );
});

test('--log-driver passthrough hands the container berth own stdout and stderr; logs refuses', async (t) => {
  const env = await createBerthEnv(t);
  await importBusybox(env);
  const run = await env.berth([
    'run',
    '--name',
    'pt',
    '--log-driver',
    'passthrough',
    'busybox',
    'sh',
    '-c',
    'echo out; echo err >&2; exit 3',
  ]);
  assert.equal(run.status, 3);
  assert.equal(run.stdout, 'out\n');
  assert.equal(run.stderr, 'err\n');
  const logs = await env.berth(['logs', 'pt']);
  assert.equal(logs.status, 125);
  assert.match(
    logs.stderr,
    /^Error: this container is using the 'passthrough' log driver, cannot read logs/m,
  );
  assert.equal(
    (await env.berthOk(['inspect', '--format', '{{.HostConfig.LogConfig.Type}}', 'pt'])).trim(),
    'passthrough',
  );
  await env.berthOk([
    'run',
    '--name',
    'quiet',
    '--log-driver',
    'none',
    'busybox',
    'echo',
    'unseen',
  ]);
  assert.match(
    (await env.berth(['logs', 'quiet'])).stderr,
    /using the 'none' log driver, cannot read logs/,
  );
});

test('a foreground run forwards SIGTERM to the container unless --sig-proxy=false; -it run detaches on --detach-keys', async (t) => {
  const env = await createBerthEnv(t);
  await importBusybox(env);
  const script = 'trap "echo got TERM; exit 7" TERM; echo ready; while :; do sleep 0.1; done';
  // sh starts berth in the background, waits for the container to say it is ready, signals berth.
  const signalled = (name: string, extra: string[]) =>
    runProcess(
      [
        'sh',
        '-c',
        '"$@" > "$OUT" 2>&1 & pid=$!; for i in $(seq 100); do grep -q ready "$OUT" && break; sleep 0.1; done; kill -TERM $pid; wait $pid; echo "status=$?"; cat "$OUT"',
        'sh',
        process.execPath,
        '--',
        berthBin,
        ...env.globalArgs,
        'run',
        '--name',
        name,
        ...extra,
        'busybox',
        'sh',
        '-c',
        script,
      ],
      { env: { ...env.env, OUT: join(env.dir, `${name}.out`) }, timeoutMs: 30_000 },
    );
  const proxied = await signalled('proxied', []);
  assert.match(proxied.stdout, /^status=7\nready\ngot TERM\n$/);
  const unproxied = await signalled('unproxied', ['--sig-proxy=false']);
  assert.match(unproxied.stdout, /^status=143\n/);
  assert.equal(
    (await env.berthOk(['inspect', '--format', '{{.State.Status}}', 'unproxied'])).trim(),
    'running',
    'the signal stayed with berth',
  );
  await env.berthOk(['rm', '-f', '-t', '0', 'unproxied']);

  // With -t the pty stays open after a detach (with -i alone podman's conmon closes the container's stdin).
  const detached = await env.berth(
    ['run', '-it', '--name', 'keys', '--detach-keys', 'ctrl-a', 'busybox', 'sh'],
    { input: Buffer.from([0x01]), timeoutMs: 15_000 },
  );
  assert.equal(detached.status, 0);
  assert.equal(
    (await env.berthOk(['inspect', '--format', '{{.State.Status}}', 'keys'])).trim(),
    'running',
  );
  await env.berthOk(['rm', '-f', '-t', '0', 'keys']);
});

test("inspect's HostConfig has podman's keys and values for the flags given; a named -v volume exists from create on", async (t) => {
  const env = await createBerthEnv(t);
  await importBusybox(env);
  const dir = join(env.dir, 'vv');
  await mkdir(dir);
  await env.berthOk([
    'create',
    '--name',
    'hc',
    '--network',
    'none',
    '-v',
    `${dir}:/data:Z`,
    '-v',
    `${dir}:/ro:ro`,
    '-v',
    'namedvol:/named',
    '--memory',
    '64m',
    '--cpus',
    '1.5',
    '--ulimit',
    'nofile=100:200',
    '--tmpfs',
    '/scratch',
    '--cap-add',
    'net_admin',
    'busybox',
    'true',
  ]);
  assert.equal(await env.berthOk(['volume', 'ls', '-q']), 'namedvol\n');
  const host = JSON.parse(
    await env.berthOk(['inspect', '--format', '{{json .HostConfig}}', 'hc']),
  ) as Record<string, unknown>;
  assert.deepEqual(host['Binds'], [
    'namedvol:/named:rw,rprivate,nosuid,nodev,rbind',
    `${dir}:/data:Z,rw,rprivate,rbind`,
    `${dir}:/ro:ro,rprivate,rbind`,
  ]);
  assert.deepEqual(
    [
      host['Memory'],
      host['MemorySwap'],
      host['MemorySwappiness'],
      host['NanoCpus'],
      host['CpuPeriod'],
      host['CpuQuota'],
      host['CapAdd'],
      host['Tmpfs'],
      host['PidMode'],
      host['IpcMode'],
      host['Runtime'],
      host['ShmSize'],
    ],
    [
      67108864,
      134217728,
      -1,
      1500000000,
      100000,
      150000,
      ['CAP_NET_ADMIN'],
      { '/scratch': 'rw,rprivate,nosuid,nodev,tmpcopyup' },
      'private',
      'shareable',
      'oci',
      65536000,
    ],
  );
  assert.deepEqual(
    (host['Ulimits'] as { Name: string }[]).find((limit) => limit.Name === 'RLIMIT_NOFILE'),
    { Name: 'RLIMIT_NOFILE', Soft: 100, Hard: 200 },
  );
  for (const key of [
    'BlkioWeight',
    'CgroupParent',
    'Devices',
    'Dns',
    'ExtraHosts',
    'GroupAdd',
    'SecurityOpt',
    'UTSMode',
    'UsernsMode',
    'VolumesFrom',
    'CgroupConf',
  ]) {
    assert.ok(key in host, `HostConfig.${key}`);
  }
  // The limits reach the container: memory, and podman's swap of as much again.
  await env.berthOk(['rm', 'hc']);
  assert.equal(
    await env.berthOk([
      'run',
      '--rm',
      '--network',
      'none',
      '--memory',
      '64m',
      'busybox',
      'cat',
      '/sys/fs/cgroup/memory/memory.limit_in_bytes',
    ]),
    '67108864\n',
  );
});
