// The container lifecycle as a user drives it: run -d, ps, logs, stop, start, kill, rm, inspect,
// with podman's output and exit statuses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createBerthEnv } from '../harness/berth-env.ts';
import { importBusybox } from '../harness/fixtures.ts';
import { mountsUnder } from '../harness/cleanup-tree.ts';
import { waitFor } from '../harness/wait.ts';

const ticker = [
  'sh',
  '-c',
  'trap "echo bye; exit 0" TERM; echo started; while true; do sleep 0.1; done',
];

test('ps, logs, stop, start, kill and rm behave like podman', async (t) => {
  const env = await createBerthEnv(t);
  await importBusybox(env);
  const id = (await env.berthOk(['run', '-d', '--name', 'web', 'busybox', ...ticker])).trim();
  await env
    .berthOk(['run', '--name', 'once', 'busybox', 'sh', '-c', 'echo out; echo err >&2; exit 2'])
    .catch(() => undefined);

  const ps = (await env.berthOk(['ps'])).split('\n');
  assert.match(ps[0] ?? '', /^CONTAINER ID\s+IMAGE\s+COMMAND\s+CREATED\s+STATUS\s+PORTS\s+NAMES$/);
  assert.match(
    ps[1] ?? '',
    new RegExp(
      `^${id.slice(0, 12)}\\s+localhost/busybox:latest\\s+sh -c trap "echo \\.\\.\\.\\s+.+ ago\\s+Up .+ ago\\s+web$`,
    ),
  );
  assert.equal(ps.length, 3, 'only the running container without -a');
  const all = await env.berthOk(['ps', '-a', '--format', '{{.Names}} {{.Status}}']);
  assert.match(all, /^once Exited \(2\) .+ ago$/m);
  assert.match(all, /^web Up .+ ago$/m);
  assert.equal(await env.berthOk(['ps', '-q', '--no-trunc']), `${id}\n`);
  assert.equal(
    await env.berthOk(['ps', '-a', '--filter', 'status=exited', '--format', '{{.Names}}']),
    'once\n',
  );
  const json = JSON.parse(await env.berthOk(['ps', '-a', '--format', 'json'])) as {
    Names: string[];
    ExitCode: number;
    State: string;
  }[];
  assert.deepEqual(json.map((c) => [c.Names[0], c.State, c.ExitCode]).sort(), [
    ['once', 'exited', 2],
    ['web', 'running', 0],
  ]);

  const logs = await env.berth(['logs', 'once']);
  assert.equal(logs.stdout, 'out\n');
  assert.equal(logs.stderr, 'err\n');
  await waitFor(async () => (await env.berthOk(['logs', 'web'])).includes('started'), 'web to log');

  const execMissing = await env.berth(['exec', 'web', 'no-such-command']);
  assert.equal(execMissing.status, 127, 'exec of a missing command exits 127');
  assert.match(
    execMissing.stderr,
    /^Error: .*no-such-command.*not found.*OCI runtime attempted to invoke a command that was not found$/m,
  );
  const execDenied = await env.berth(['exec', 'web', '/etc/passwd']);
  assert.equal(execDenied.status, 126, 'exec of a file that cannot run exits 126');
  assert.equal((await env.berth(['exec', 'web', 'sh', '-c', 'exit 5'])).status, 5);
  assert.equal(await env.berthOk(['stop', 'web']), 'web\n');
  assert.match(await env.berthOk(['logs', '--tail', '1', 'web']), /^bye\n$/);
  const inspect = JSON.parse(await env.berthOk(['container', 'inspect', 'web'])) as {
    Id: string;
    Name: string;
    State: { Status: string; ExitCode: number; Running: boolean };
  }[];
  assert.equal(inspect[0]?.Id, id);
  assert.equal(inspect[0]?.State.Status, 'exited');
  assert.equal(inspect[0]?.State.ExitCode, 0);
  assert.deepEqual(await mountsUnder(env.root), [], 'a stopped container is unmounted');

  assert.equal(await env.berthOk(['start', 'web']), 'web\n');
  assert.equal(
    await env.berthOk(['container', 'inspect', '--format', '{{.State.Status}} {{.Name}}', 'web']),
    'running web\n',
  );
  assert.equal(await env.berthOk(['kill', 'web']), 'web\n');
  await waitFor(
    async () =>
      (await env.berthOk(['ps', '-a', '--format', '{{.Names}}={{.Status}}'])).includes(
        'web=Exited (137)',
      ),
    'web to be killed',
  );

  const refused = await env.berth(['kill', 'once']);
  assert.equal(refused.status, 125);
  assert.match(refused.stderr, /can only kill running containers/);

  assert.equal(
    (await env.berthOk(['start', '-a', 'once']).catch((error: Error) => error.message)).includes(
      'out',
    ),
    true,
  );
  const startAttached = await env.berth(['start', '-a', 'once']);
  assert.equal(startAttached.status, 2, 'start -a exits with the container status');

  const missing = await env.berth(['rm', 'once', 'nosuch']);
  assert.equal(missing.status, 1, 'podman rm exits 1 for a container that does not exist');
  assert.equal(missing.stdout, 'once\n');
  assert.match(
    missing.stderr,
    /^Error: no container with name or ID "nosuch" found: no such container$/m,
  );
  assert.equal((await env.berth(['rm', '--ignore', 'nosuch'])).status, 0);
});

test('rm refuses a running container without -f and removes it with -f', async (t) => {
  const env = await createBerthEnv(t);
  await importBusybox(env);
  const id = (await env.berthOk(['run', '-d', 'busybox', ...ticker])).trim();
  const refused = await env.berth(['rm', id.slice(0, 8)]);
  assert.equal(refused.status, 2, 'podman rm exits 2 for a running container');
  assert.match(
    refused.stderr,
    new RegExp(
      `cannot remove container ${id} as it is running - running or paused containers cannot be removed without force`,
    ),
  );
  assert.equal(await env.berthOk(['rm', '-f', '-t', '1', id.slice(0, 8)]), `${id.slice(0, 8)}\n`);
  assert.equal(await env.berthOk(['ps', '-a', '-q']), '');
  assert.deepEqual(await mountsUnder(env.dir), []);
});
