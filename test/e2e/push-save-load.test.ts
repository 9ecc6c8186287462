import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createBerthEnv } from '../harness/berth-env.ts';
import { importBusybox } from '../harness/fixtures.ts';
import { startRegistry } from '../harness/registry.ts';

test('smoke', async (t) => {
  const registry = await startRegistry();
  t.after(() => registry.stop());
  const env = await createBerthEnv(t);
  await env.addRegistry({ location: registry.host, insecure: true });
  await importBusybox(env);
  const push = await env.berth(['push', 'localhost/busybox', `${registry.host}/test/busybox:v1`]);
  console.log(push.status, push.stderr, push.stdout);
  const push2 = await env.berth(['push', 'localhost/busybox', `${registry.host}/test/busybox:v1`]);
  console.log(push2.status, push2.stderr);
  const insp = await env.berth(['image', 'inspect', `docker://${registry.host}/test/busybox:v1`]);
  console.log(insp.status, insp.stderr, insp.stdout);
  const rmi = await env.berth(['rmi', 'localhost/busybox']);
  console.log(rmi.status, rmi.stderr);
  const pull = await env.berth(['pull', `${registry.host}/test/busybox:v1`]);
  console.log(pull.status, pull.stderr, pull.stdout);
  const run = await env.berth(['run', '--rm', `${registry.host}/test/busybox:v1`, 'echo', 'hello']);
  console.log(run.status, run.stderr, run.stdout);
  assert.equal(run.stdout, 'hello\n');
});
