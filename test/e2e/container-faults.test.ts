// Faults a user meets: monitor or container killed, berth killed mid-run, parallel runs, a host
// reboot (faked by changing the stored boot id), and podman's answers to misuse.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createBerthEnv, type BerthEnv } from '../harness/berth-env.ts';
import { killBerthAfter } from '../harness/kill-after.ts';
import { importBusybox } from '../harness/fixtures.ts';
import { mountsUnder } from '../harness/cleanup-tree.ts';
import { waitFor } from '../harness/wait.ts';

async function inspectField(env: BerthEnv, name: string, field: string): Promise<string> {
  return (await env.berthOk(['container', 'inspect', '--format', `{{${field}}}`, name])).trim();
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function statusOf(env: BerthEnv, name: string): Promise<string> {
  const lines = (await env.berthOk(['ps', '-a', '--format', '{{.Names}}={{.Status}}'])).split('\n');
  return (lines.find((line) => line.startsWith(`${name}=`)) ?? '').slice(name.length + 1);
}

test('kill -9 of conmon: the container shows exited, and rm cleans up', async (t) => {
  const env = await createBerthEnv(t);
  await importBusybox(env);
  await env.berthOk(['run', '-d', '--name', 'orphan', 'busybox', 'sleep', '1000']);
  const conmonPid = Number(await inspectField(env, 'orphan', '.State.ConmonPid'));
  const pid = Number(await inspectField(env, 'orphan', '.State.Pid'));
  assert.ok(conmonPid > 0 && pid > 0);
  process.kill(conmonPid, 'SIGKILL');
  await waitFor(async () => !alive(conmonPid), 'conmon to die');
  assert.match(await statusOf(env, 'orphan'), /^Exited \(-?\d+\) .+ ago$/);
  assert.equal(await env.berthOk(['ps', '-q']), '', 'nothing listed as running');
  assert.equal(await env.berthOk(['rm', 'orphan']), 'orphan\n');
  assert.equal(await env.berthOk(['ps', '-aq']), '');
  assert.deepEqual(await mountsUnder(env.dir), []);
  await waitFor(async () => !alive(pid), 'the orphaned container process to be gone');
});

test('kill -9 of the container process records exit code 137', async (t) => {
  const env = await createBerthEnv(t);
  await importBusybox(env);
  await env.berthOk(['run', '-d', '--name', 'victim', 'busybox', 'sleep', '1000']);
  const pid = Number(await inspectField(env, 'victim', '.State.Pid'));
  process.kill(pid, 'SIGKILL');
  await waitFor(async () => (await statusOf(env, 'victim')).startsWith('Exited (137)'), 'exit 137');
  assert.equal(await inspectField(env, 'victim', '.State.ExitCode'), '137');
  // conmon's exit command unmounts the rootfs shortly after the exit is recorded.
  await waitFor(
    async () => (await mountsUnder(env.dir)).length === 0,
    'the exit command to unmount',
  );
  assert.equal(await env.berthOk(['rm', 'victim']), 'victim\n');
});

test('kill -9 of berth run -d at several moments leaves a consistent state', async (t) => {
  const env = await createBerthEnv(t);
  await importBusybox(env);
  for (const delayMs of [30, 120, 250, 400, 600, 900])
    await killBerthAfter(env, ['run', '-d', 'busybox', 'sleep', '1000'], delayMs);
  const ps = await env.berth(['ps', '-a', '--format', '{{.ID}} {{.Status}}']);
  assert.equal(ps.status, 0, ps.stderr);
  for (const line of ps.stdout.split('\n').filter(Boolean))
    assert.match(line, /^[0-9a-f]{12} (Created|Up .+ ago|Exited \(-?\d+\) .+ ago)$/);
  const removed = await env.berth(['rm', '-a', '-f', '-t', '0']);
  assert.equal(removed.status, 0, removed.stderr);
  assert.equal(await env.berthOk(['ps', '-aq']), '');
  assert.deepEqual(await mountsUnder(env.dir), [], 'no orphan mount');
  // The store still works: a new container runs.
  assert.equal(await env.berthOk(['run', '--rm', 'busybox', 'echo', 'ok']), 'ok\n');
});

test('20 parallel run -d give 20 running containers and no lock errors', async (t) => {
  const env = await createBerthEnv(t);
  await importBusybox(env);
  const results = await Promise.all(
    Array.from({ length: 20 }, () =>
      env.berth(['run', '-d', '--network', 'none', 'busybox', 'sleep', '1000']),
    ),
  );
  for (const result of results) {
    assert.equal(result.status, 0, result.stderr);
    assert.doesNotMatch(result.stderr, /lock|busy/i);
  }
  const ids = new Set(results.map((result) => result.stdout.trim()));
  assert.equal(ids.size, 20);
  const listed = (
    await env.berthOk(['ps', '--no-trunc', '--format', '{{.ID}} {{.Names}} {{.State}}'])
  )
    .trim()
    .split('\n');
  assert.equal(listed.length, 20);
  assert.deepEqual(new Set(listed.map((line) => line.split(' ')[0])), ids);
  assert.equal(new Set(listed.map((line) => line.split(' ')[1])).size, 20, 'distinct names');
  for (const line of listed) assert.match(line, / running$/);
});

test('stop of a stopped container, rm of a running one, bad volume paths: podman answers', async (t) => {
  const env = await createBerthEnv(t);
  await importBusybox(env);
  await env.berthOk(['run', '--name', 'done', 'busybox', 'true']);
  assert.equal(
    await env.berthOk(['stop', 'done']),
    'done\n',
    'podman 4: already stopped is not an error',
  );
  assert.equal(await env.berthOk(['stop', '--ignore', 'done', 'nosuch']), 'done\n');

  await env.berthOk(['run', '-d', '--name', 'busy', 'busybox', 'sleep', '1000']);
  const refused = await env.berth(['rm', 'busy']);
  assert.notEqual(refused.status, 0);
  assert.match(
    refused.stderr,
    /cannot remove container [0-9a-f]{64} as it is running - running or paused containers cannot be removed without force: container state improper/,
  );
  assert.match(await statusOf(env, 'busy'), /^Up /);

  const relative = await env.berth(['run', '--rm', '-v', './data:/data', 'busybox', 'true']);
  assert.equal(relative.status, 125);
  assert.match(relative.stderr, /invalid host path "\.\/data", must be an absolute path/);
  const relativeTarget = await env.berth(['run', '--rm', '-v', '/tmp:data', 'busybox', 'true']);
  assert.equal(relativeTarget.status, 125);
  assert.match(relativeTarget.stderr, /invalid container path "data", must be an absolute path/);
  const missing = await env.berth([
    'run',
    '--rm',
    '-v',
    `${env.dir}/nope:/data`,
    'busybox',
    'true',
  ]);
  assert.equal(missing.status, 125);
  assert.match(missing.stderr, /statfs .*\/nope: no such file or directory/);
  assert.equal(
    await env
      .berthOk(['ps', '-a', '--format', '{{.Names}}'])
      .then((out) => out.split('\n').filter(Boolean).sort().join(',')),
    'busy,done',
  );
});

test('after a reboot (new boot id) running containers are exited and --restart always ones run again', async (t) => {
  const env = await createBerthEnv(t);
  await importBusybox(env);
  await env.berthOk(['run', '--name', 'done', 'busybox', 'true']);
  await env.berthOk(['run', '-d', '--name', 'plain', 'busybox', 'sleep', '1000']);
  await env.berthOk([
    'run',
    '-d',
    '--name',
    'keeper',
    '--restart',
    'always',
    'busybox',
    'sleep',
    '1000',
  ]);
  const bootIdFile = join(env.runroot, 'boot-id');
  const realBootId = (await readFile('/proc/sys/kernel/random/boot_id', 'utf8')).trim();
  assert.equal(
    (await readFile(bootIdFile, 'utf8')).trim(),
    realBootId,
    'the boot id is stored at first open',
  );
  const plainPid = Number(await inspectField(env, 'plain', '.State.Pid'));
  const keeperPid = Number(await inspectField(env, 'keeper', '.State.Pid'));

  await writeFile(bootIdFile, '00000000-0000-0000-0000-000000000000\n');
  const status = await env.berthOk(['ps', '-a', '--format', '{{.Names}}={{.Status}}']);
  assert.match(status, /^plain=Exited \(-1\) .+ ago$/m);
  assert.match(status, /^done=Exited \(0\) .+ ago$/m);
  assert.match(status, /^keeper=Up .+ ago$/m);
  assert.equal((await readFile(bootIdFile, 'utf8')).trim(), realBootId);
  const newKeeperPid = Number(await inspectField(env, 'keeper', '.State.Pid'));
  assert.ok(newKeeperPid > 0 && newKeeperPid !== keeperPid, 'keeper was started again');
  await waitFor(
    async () => !alive(plainPid) && !alive(keeperPid),
    'the pre-reboot processes to be gone',
  );
  assert.equal(await env.berthOk(['ps', '--format', '{{.Names}}']), 'keeper\n');

  // A runroot without a boot id (a tmpfs emptied by the reboot) while containers run: the same recovery.
  await rm(bootIdFile);
  assert.equal(await env.berthOk(['ps', '--format', '{{.Names}}']), 'keeper\n');
  assert.notEqual(Number(await inspectField(env, 'keeper', '.State.Pid')), newKeeperPid);
  assert.equal(
    await env
      .berthOk(['rm', '-a', '-f', '-t', '0'])
      .then((out) => out.split('\n').filter(Boolean).length),
    3,
  );
  assert.deepEqual(await mountsUnder(env.dir), []);
});

test('stop wins over --restart always even when it lands while the policy restarts the container', async (t) => {
  const env = await createBerthEnv(t);
  await importBusybox(env);
  // The container exits every 0.3 s, so stops land during runs, between them and mid-restart.
  for (const delayMs of [700, 900, 1100, 1300]) {
    await env.berthOk([
      'run',
      '-d',
      '--name',
      'flappy',
      '--restart',
      'always',
      'busybox',
      'sh',
      '-c',
      'sleep 0.3; exit 3',
    ]);
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    await env.berthOk(['stop', '-t', '0', 'flappy']);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const [state, restarts] = (
      await env.berthOk(['ps', '-a', '--format', '{{.State}} {{.Restarts}}'])
    )
      .trim()
      .split(' ');
    assert.equal(state, 'exited', `still stopped 1.5 s after a stop ${delayMs} ms into the run`);
    assert.ok(Number(restarts) >= 1, 'the policy did restart it before the stop');
    await env.berthOk(['rm', '-f', '-t', '0', 'flappy']);
  }
});

test('rm -f of a --restart always container that keeps exiting removes it cleanly, whenever it lands', async (t) => {
  const env = await createBerthEnv(t);
  await importBusybox(env);
  for (const delayMs of [400, 650, 900, 1150, 1400]) {
    const id = (
      await env.berthOk([
        'run',
        '-d',
        '--name',
        'flappy',
        '--restart',
        'always',
        'busybox',
        'sh',
        '-c',
        'sleep 0.2; exit 1',
      ])
    ).trim();
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    const rm = await env.berth(['rm', '-f', '-t', '0', 'flappy']);
    assert.equal(rm.status, 0, `rm -f ${delayMs} ms into the run: ${rm.stderr}`);
    assert.equal(await env.berthOk(['ps', '-a', '-q']), '');
    await waitFor(
      async () => (await mountsUnder(env.root)).every((mount) => !mount.includes(id)),
      'no mount of the removed container',
    );
  }
});
