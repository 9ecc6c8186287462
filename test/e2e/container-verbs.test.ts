// The container verbs beyond the basic lifecycle, as a user drives them through the built CLI:
// create, wait, pause/unpause, rename, restart, top, port, attach, container prune/exists.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createBerthEnv } from '../harness/berth-env.ts';
import { importBusybox } from '../harness/fixtures.ts';
import { waitFor } from '../harness/wait.ts';

const sleeper = ['sh', '-c', 'echo started; exec sleep 300'];

test('create, start, wait, exists, rename and prune', async (t) => {
  const env = await createBerthEnv(t);
  await importBusybox(env);
  const id = (
    await env.berthOk(['create', '--name', 'job', 'busybox', 'sh', '-c', 'sleep 0.5; exit 3'])
  ).trim();
  assert.match(id, /^[0-9a-f]{64}$/);
  assert.equal(
    await env.berthOk(['ps', '-a', '--format', '{{.Names}} {{.State}}']),
    'job created\n',
  );

  assert.equal((await env.berth(['container', 'exists', 'job'])).status, 0);
  assert.equal((await env.berth(['container', 'exists', id.slice(0, 12)])).status, 0);
  const missing = await env.berth(['container', 'exists', 'nothere']);
  assert.equal(missing.status, 1);
  assert.equal(missing.stdout + missing.stderr, '');

  assert.equal(await env.berthOk(['start', 'job']), 'job\n');
  assert.equal(await env.berthOk(['wait', 'job']), '3\n', 'wait prints the exit code');
  assert.equal(
    await env.berthOk(['wait', '--condition', 'exited', id]),
    '3\n',
    'an exited container returns at once',
  );
  const unknownCondition = await env.berth(['wait', '--condition', 'bogus', 'job']);
  assert.equal(unknownCondition.status, 125);

  assert.equal(await env.berthOk(['rename', 'job', 'renamed']), '');
  assert.equal(await env.berthOk(['ps', '-a', '--format', '{{.Names}}']), 'renamed\n');
  await env.berthOk(['create', '--name', 'other', 'busybox', 'true']);
  const clash = await env.berth(['rename', 'other', 'renamed']);
  assert.equal(clash.status, 125);
  assert.match(clash.stderr, /the container name "renamed" is already in use by [0-9a-f]{64}/);

  const running = (
    await env.berthOk(['run', '-d', '--name', 'live', 'busybox', ...sleeper])
  ).trim();
  const pruned = (await env.berthOk(['container', 'prune', '-f'])).trim().split('\n').sort();
  assert.equal(pruned.length, 2);
  assert.ok(pruned.includes(id), 'the exited container is pruned, by full ID');
  assert.equal(
    await env.berthOk(['ps', '-a', '--format', '{{.ID}}', '--no-trunc']),
    `${running}\n`,
    'the running one stays',
  );
  await env.berthOk(['rm', '-f', '-t', '0', 'live']);
});

test('pause, unpause, top, port and restart a running container', async (t) => {
  const env = await createBerthEnv(t);
  await importBusybox(env);
  await env.berthOk(['run', '-d', '--name', 'svc', 'busybox', ...sleeper]);

  const top = (await env.berthOk(['top', 'svc'])).split('\n');
  assert.match(top[0] ?? '', /^USER\s+PID\s+PPID\s+%CPU\s+ELAPSED\s+TTY\s+TIME\s+COMMAND$/);
  assert.match(top[1] ?? '', /^root\s+1\s+0\s+\d+\.\d{3}\s+\S+s\s+\?\s+\S+\s+sleep 300 $/);
  assert.equal(
    await env.berthOk(['top', 'svc', 'pid', 'comm']),
    'PID         COMMAND\n1           sleep\n',
  );
  assert.equal((await env.berth(['top', 'svc', 'nonsense'])).status, 125);

  assert.equal(await env.berthOk(['pause', 'svc']), 'svc\n');
  assert.equal(
    await env.berthOk(['ps', '-a', '--format', '{{.Names}} {{.Status}} {{.State}}']),
    'svc Paused paused\n',
  );
  const again = await env.berth(['pause', 'svc']);
  assert.equal(again.status, 125);
  assert.equal(await env.berthOk(['unpause', 'svc']), 'svc\n');
  assert.match(await env.berthOk(['ps', '--format', '{{.Names}} {{.Status}}']), /^svc Up /);
  const notPaused = await env.berth(['unpause', 'svc']);
  assert.equal(notPaused.status, 125);
  assert.match(notPaused.stderr, /is not paused, can't unpause: container state improper/);

  assert.equal(await env.berthOk(['port', 'svc']), '');
  assert.equal(await env.berthOk(['port', '-a']), '');
  assert.equal((await env.berth(['port', 'nothere'])).status, 125);

  const before = await env
    .berthOk(['inspect', '--format', '{{.State.Pid}}', 'svc'])
    .catch(() => env.berthOk(['container', 'inspect', '--format', '{{.State.Pid}}', 'svc']));
  assert.equal(await env.berthOk(['restart', '-t', '0', 'svc']), 'svc\n');
  const after = await env.berthOk([
    'container',
    'inspect',
    '--format',
    '{{.State.Pid}} {{.State.Status}}',
    'svc',
  ]);
  assert.match(after, /^\d+ running\n$/);
  assert.notEqual(after.split(' ')[0], before.trim(), 'a new process after restart');
  await env.berthOk(['rm', '-f', '-t', '0', 'svc']);
});

test('attach sees the output and returns the exit code; detach keys leave it running', async (t) => {
  const env = await createBerthEnv(t);
  await importBusybox(env);
  await env.berthOk([
    'run',
    '-d',
    '--name',
    'talker',
    'busybox',
    'sh',
    '-c',
    'sleep 1; echo hello; echo oops >&2; exit 4',
  ]);
  const attached = await env.berth(['attach', '--no-stdin', 'talker']);
  assert.equal(attached.stdout, 'hello\n');
  assert.equal(attached.stderr, 'oops\n');
  assert.equal(attached.status, 4);

  await env.berthOk(['run', '-d', '--name', 'idle', 'busybox', 'sleep', '300']);
  const detached = await env.berth(['attach', 'idle'], {
    input: Buffer.from([0x10, 0x11]),
    timeoutMs: 10_000,
  });
  assert.equal(detached.status, 0);
  assert.equal(await env.berthOk(['ps', '--format', '{{.Names}} {{.State}}']), 'idle running\n');
  const custom = await env.berth(['attach', '--detach-keys', 'ctrl-a', 'idle'], {
    input: Buffer.from([0x01]),
    timeoutMs: 10_000,
  });
  assert.equal(custom.status, 0);
  const stopped = await env.berth(['attach', 'talker']);
  assert.equal(stopped.status, 125);
  assert.match(stopped.stderr, /you can only attach to running containers/);
  await env.berthOk(['rm', '-f', '-t', '0', 'idle']);
  await waitFor(
    async () => (await env.berthOk(['ps', '-a', '-q'])).split('\n').filter(Boolean).length === 1,
    'idle removed',
  );
});

test('inspect templates take .Id and .ID for containers and images, through inspect and container inspect', async (t) => {
  const env = await createBerthEnv(t);
  await importBusybox(env);
  const id = (await env.berthOk(['create', '--name', 'tpl', 'busybox', 'true'])).trim();
  for (const verb of [['inspect'], ['container', 'inspect']]) {
    for (const field of ['{{.Id}}', '{{.ID}}', '{{ .Id }}']) {
      assert.equal(
        await env.berthOk([...verb, '--format', field, 'tpl']),
        `${id}\n`,
        `${verb.join(' ')} ${field}`,
      );
    }
  }
  const imageId = (
    await env.berthOk(['image', 'inspect', '--format', '{{.Id}}', 'busybox'])
  ).trim();
  assert.equal(await env.berthOk(['inspect', '--format', '{{.ID}}', 'busybox']), `${imageId}\n`);
});

test('ps --size shows the writable layer and the virtual size; json has rwSize and rootFsSize', async (t) => {
  const env = await createBerthEnv(t);
  await importBusybox(env);
  await env.berthOk([
    'run',
    '--name',
    'writer',
    'busybox',
    'sh',
    '-c',
    'printf 12345678 > /data.txt',
  ]);
  const table = await env.berthOk(['ps', '-a', '--size']);
  assert.match(table.split('\n')[0] ?? '', /\s+NAMES\s+SIZE$/);
  assert.match(table, /writer\s+8 B \(virtual \d+(\.\d+)? MB\)\n$/);
  const [json] = JSON.parse(await env.berthOk(['ps', '-a', '-s', '--format', 'json'])) as {
    Size: { rwSize: number; rootFsSize: number };
  }[];
  assert.equal(json?.Size.rwSize, 8);
  assert.ok((json?.Size.rootFsSize ?? 0) > 1_000_000);
});

test('ps --sort: oldest first by default as podman 4.3.1, names on request, -l/-n the newest, a bad key refused', async (t) => {
  const env = await createBerthEnv(t);
  await importBusybox(env);
  // Within one second: the order must come from the full creation time, not whole seconds.
  for (const name of ['zulu', 'alpha', 'mike'])
    await env.berthOk(['create', '--name', name, 'busybox', 'true']);
  assert.equal(await env.berthOk(['ps', '-a', '--format', '{{.Names}}']), 'zulu\nalpha\nmike\n');
  assert.equal(
    await env.berthOk(['ps', '-a', '--sort', 'names', '--format', '{{.Names}}']),
    'alpha\nmike\nzulu\n',
  );
  assert.equal(await env.berthOk(['ps', '-l', '--format', '{{.Names}}']), 'mike\n');
  assert.equal(await env.berthOk(['ps', '-n', '2', '--format', '{{.Names}}']), 'alpha\nmike\n');
  assert.equal(
    await env.berthOk(['ps', '-a', '-q', '--format', '{{.Names}}']),
    'zulu\nalpha\nmike\n',
    '--format wins over -q',
  );
  const [json] = JSON.parse(
    await env.berthOk(['ps', '-a', '--filter', 'name=mike', '--format', 'json']),
  ) as Record<string, unknown>[];
  assert.deepEqual(
    [json?.['Status'], json?.['ExitedAt'], json?.['Namespaces']],
    ['Created', -62135596800, {}],
  );
  const bad = await env.berth(['ps', '--sort', 'bogus']);
  assert.equal(bad.status, 125);
  assert.match(
    bad.stderr,
    /^Error: invalid option for --sort, options are: command, created, id, image, names, runningfor, size, or status$/m,
  );
});
