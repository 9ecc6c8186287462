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
