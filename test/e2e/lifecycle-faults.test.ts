// kill -9 of berth in the middle of a removal or a stop: the next command finds a record that
// says what was under way and finishes it; nothing is left that no command would remove.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createBerthEnv } from '../harness/berth-env.ts';
import { killBerthAfter } from '../harness/kill-after.ts';
import { importBusybox } from '../harness/fixtures.ts';
import { mountsUnder, processesReferencing } from '../harness/cleanup-tree.ts';
import { waitFor } from '../harness/wait.ts';

test('kill -9 of rm -f at several moments: ps -a still lists what is not fully removed, and rm finishes it', async (t) => {
  const env = await createBerthEnv(t);
  await importBusybox(env);
  const delays = [40, 80, 120, 160, 220, 300, 400];
  for (const [index, delayMs] of delays.entries()) {
    await env.berthOk(['run', '-d', '--name', `k${index}`, 'busybox', 'sleep', '1000']);
    await killBerthAfter(env, ['rm', '-f', '-t', '0', `k${index}`], delayMs);
  }
  const listed = (await env.berthOk(['ps', '-a', '--format', '{{.Names}}']))
    .split('\n')
    .filter(Boolean);
  const ids = new Set(
    (await env.berthOk(['ps', '-a', '--no-trunc', '--format', '{{.ID}}']))
      .split('\n')
      .filter(Boolean),
  );
  // Whatever still has files is still listed: a crash never leaves files without a record.
  for (const dir of await readdir(join(env.root, 'containers')).catch(() => [] as string[]))
    assert.ok(ids.has(dir), `containers/${dir} has a record`);
  for (const dir of await readdir(join(env.runroot, 'c')).catch(() => [] as string[]))
    assert.ok(ids.has(dir), `run dir ${dir} has a record`);
  for (const name of listed) {
    const removed = await env.berth(['rm', '-f', '-t', '0', name]);
    assert.equal(removed.status, 0, removed.stderr);
  }
  assert.equal(await env.berthOk(['ps', '-aq']), '');
  assert.deepEqual(await readdir(join(env.root, 'containers')).catch(() => []), []);
  assert.deepEqual(await readdir(join(env.runroot, 'c')).catch(() => []), []);
  assert.deepEqual(await mountsUnder(env.dir), []);
  assert.deepEqual(await processesReferencing(env.dir), [], 'no conmon or container process left');
});

test('kill -9 of start at several moments: the container can be started, stopped and removed after', async (t) => {
  const env = await createBerthEnv(t);
  await importBusybox(env);
  await env.berthOk(['create', '--name', 'half', 'busybox', 'sleep', '1000']);
  for (const delayMs of [30, 90, 150, 250]) {
    await killBerthAfter(env, ['start', 'half'], delayMs);
    await env.berthOk(['stop', '-t', '0', 'half']);
  }
  assert.equal(await env.berthOk(['start', 'half']), 'half\n');
  assert.equal(
    (await env.berthOk(['ps', '--format', '{{.Names}} {{.State}}'])).trim(),
    'half running',
  );
  assert.equal(await env.berthOk(['rm', '-f', '-t', '0', 'half']), 'half\n');
  assert.deepEqual(await mountsUnder(env.dir), []);
  assert.deepEqual(await processesReferencing(env.dir), []);
});

test('run --rm: the exit command cleans up when the waiting client was killed, and only then', async (t) => {
  const env = await createBerthEnv(t);
  await importBusybox(env);
  // The client lives: it removes the container itself and reports the exit status.
  const ran = await env.berth(['run', '--rm', '--name', 'waited', 'busybox', 'sh', '-c', 'exit 7']);
  assert.equal(ran.status, 7);
  assert.equal(await env.berthOk(['ps', '-aq']), '');
  // The client is killed while the container runs: conmon's exit command removes it.
  await killBerthAfter(env, ['run', '--rm', '--name', 'orphaned', 'busybox', 'sleep', '1'], 600);
  await waitFor(
    async () => (await env.berthOk(['ps', '-aq'])) === '',
    'the exit command to remove the --rm container',
  );
  assert.deepEqual(await mountsUnder(env.dir), []);
  assert.deepEqual(await processesReferencing(env.dir), []);
});
