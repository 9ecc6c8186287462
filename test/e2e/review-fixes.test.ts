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
