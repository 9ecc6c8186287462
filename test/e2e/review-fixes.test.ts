// Behaviours found by review and fuzzing, each as podman 4.3.1 has it: stop --latest, wait on a
// container that never started, save to a missing directory, a paused container's State.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createBerthEnv } from '../harness/berth-env.ts';
import { importBusybox } from '../harness/fixtures.ts';

const sleeper = ['sh', '-c', 'exec sleep 300'];

test('stop --latest stops only the most recently created container', async (t) => {
  const env = await createBerthEnv(t);
  await importBusybox(env);
  await env.berthOk(['run', '-d', '--name', 'older', 'busybox', ...sleeper]);
  const newest = (
    await env.berthOk(['run', '-d', '--name', 'newer', 'busybox', ...sleeper])
  ).trim();
  assert.equal(await env.berthOk(['stop', '-l', '-t', '0']), `${newest}\n`);
  assert.equal(
    await env.berthOk(['ps', '-a', '--format', '{{.Names}} {{.State}}', '--sort', 'names']),
    'newer exited\nolder running\n',
  );
  await env.berthOk(['rm', '-f', '-t', '0', 'older', 'newer']);
});

test('wait on a container that was created and never started answers 0 at once, as libpod does', async (t) => {
  const env = await createBerthEnv(t);
  await importBusybox(env);
  await env.berthOk(['create', '--name', 'never', 'busybox', '/no/such/command']);
  const waited = await env.berth(['wait', 'never'], { timeoutMs: 15_000 });
  assert.equal(waited.stdout, '0\n', waited.stderr);
  assert.equal(waited.status, 0);
  const exited = await env.berth(['wait', '--condition', 'exited', 'never'], { timeoutMs: 15_000 });
  assert.equal(exited.stdout, '0\n', exited.stderr);
  assert.equal(await env.berthOk(['wait', '--condition', 'created', 'never']), '-1\n');
});

test('save and export to a missing directory fail in podman words, one line, status 125', async (t) => {
  const env = await createBerthEnv(t);
  await importBusybox(env);
  const out = `${env.dir}/no/such/x.tar`;
  const save = await env.berth(['save', '-o', out, 'busybox']);
  assert.equal(
    save.stderr,
    `Error: initializing destination docker-archive:${out}:localhost/busybox:latest: opening file "${out}": open ${out}: no such file or directory\n`,
  );
  assert.equal(save.status, 125);
  const several = await env.berth(['save', '-o', out, 'busybox', 'localhost/busybox']);
  assert.equal(
    several.stderr,
    `Error: opening file "${out}": open ${out}: no such file or directory\n`,
  );
  assert.equal(several.status, 125);
  const oci = await env.berth(['save', '--format', 'oci-archive', '-o', out, 'busybox']);
  assert.equal(oci.stderr, `Error: lstat ${env.dir}/no: no such file or directory\n`);
  assert.equal(oci.status, 125);

  await env.berthOk(['create', '--name', 'box', 'busybox', 'true']);
  const exported = await env.berth(['export', '-o', out, 'box']);
  assert.equal(
    exported.stderr,
    `Error: creating file "${out}": open ${out}: no such file or directory\n`,
  );
  assert.equal(exported.status, 125);
});

test('--all with names, and verbs with nothing to act on, are refused in podman words with 125', async (t) => {
  const env = await createBerthEnv(t);
  await importBusybox(env);
  await env.berthOk(['create', '--name', 'box', 'busybox', 'true']);
  await env.berthOk(['volume', 'create', 'vol']);
  const refused: [string[], string][] = [
    [['rm', '-a', 'box'], 'no arguments are needed with --all'],
    [['stop', '-a', 'box'], 'no arguments are needed with --all'],
    [['kill', '-a', 'box'], 'no arguments are needed with --all'],
    [['restart', '-a', 'box'], 'no arguments are needed with --all'],
    [['stop', '-a', '-l'], '--all and --latest cannot be used together'],
    [['stop', '-l', 'box'], '--latest and containers cannot be used together'],
    [['kill'], 'you must provide at least one name or id'],
    [
      ['start', '--all', 'box'],
      'either start all containers or the container(s) provided in the arguments',
    ],
    [['start'], 'start requires at least one argument'],
    [['volume', 'rm'], 'choose either one or more volumes or all'],
    [['volume', 'rm', '-a', 'vol'], 'choose either one or more volumes or all'],
    [
      ['rmi', '-a', 'busybox'],
      'when using the --all switch, you may not pass any images names or IDs',
    ],
    [['network', 'rm'], 'requires at least 1 arg(s), only received 0'],
  ];
  for (const [args, message] of refused) {
    const result = await env.berth(args);
    assert.equal(result.stderr, `Error: ${message}\n`, args.join(' '));
    assert.equal(result.status, 125, args.join(' '));
    assert.equal(result.stdout, '', args.join(' '));
  }
  assert.equal(
    await env.berthOk(['ps', '-a', '--format', '{{.Names}} {{.State}}']),
    'box created\n',
    'nothing was acted on',
  );
  assert.equal(await env.berthOk(['volume', 'ls', '-q']), 'vol\n');
});

test("a paused container's State keeps its PIDs and cgroup; Running is false and Paused true, as libpod has it", async (t) => {
  const env = await createBerthEnv(t);
  await importBusybox(env);
  await env.berthOk(['run', '-d', '--name', 'frozen', 'busybox', ...sleeper]);
  const format =
    '{{.State.Status}} {{.State.Running}} {{.State.Paused}} {{.State.Pid}} {{.State.ConmonPid}} {{.State.CgroupPath}}';
  const [, , , pid, conmonPid, cgroupPath] = (
    await env.berthOk(['inspect', '--format', format, 'frozen'])
  )
    .trim()
    .split(' ');
  assert.match(pid ?? '', /^[1-9]\d*$/);
  await env.berthOk(['pause', 'frozen']);
  assert.equal(
    await env.berthOk(['inspect', '--format', format, 'frozen']),
    `paused false true ${pid} ${conmonPid} ${cgroupPath}\n`,
  );
  await env.berthOk(['rm', '-f', '-t', '0', 'frozen']);
});

test('errors given their own codes keep exit status 125: cp of a missing path, a blocked registry', async (t) => {
  const env = await createBerthEnv(t);
  await importBusybox(env);
  await env.berthOk(['create', '--name', 'box', 'busybox', 'true']);
  const missing = await env.berth(['cp', 'box:/no/such/file', env.tmpDir]);
  assert.equal(
    missing.stderr,
    'Error: "/no/such/file" could not be found on container: no such file or directory\n',
  );
  assert.equal(missing.status, 125);
  await env.addRegistry({ location: 'blocked.example', blocked: true });
  const blocked = await env.berth(['pull', 'blocked.example/busybox']);
  assert.match(blocked.stderr, /^Error: .*registry blocked\.example is blocked in /m);
  assert.equal(blocked.status, 125);
});
