// exec as podman 4.3.1 runs it: through a conmon of its own (-e --exec-attach), stdio through
// that conmon's attach socket, an exec session record (exec -d prints its id, inspect lists
// ExecIDs, sessions go with their container), and --privileged giving the full capability set.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createBerthEnv } from '../harness/berth-env.ts';
import { importBusybox } from '../harness/fixtures.ts';
import { runProcess } from '../harness/run-process.ts';
import { waitFor } from '../harness/wait.ts';

const capEff = (status: string): bigint =>
  BigInt(`0x${/CapEff:\s*(\w+)/.exec(status)?.[1] ?? 'x'}`);

test('exec --privileged gives the process the full capability set of the engine', async (t) => {
  const env = await createBerthEnv(t);
  await importBusybox(env);
  await env.berthOk(['run', '-d', '--name', 'plain', 'busybox', 'sleep', '300']);
  const container = capEff(await env.berthOk(['exec', 'plain', 'cat', '/proc/self/status']));
  const privileged = capEff(
    await env.berthOk(['exec', '--privileged', 'plain', 'cat', '/proc/self/status']),
  );
  const own = BigInt(
    `0x${/CapBnd:\s*(\w+)/.exec(await readFile('/proc/self/status', 'utf8'))?.[1] ?? '0'}`,
  );
  assert.equal(
    privileged,
    own,
    'exec --privileged: every capability of the bounding set berth runs with',
  );
  assert.notEqual(container, own, 'a plain exec keeps the container default set');
  assert.equal(container & (1n << 21n), 0n, 'no CAP_SYS_ADMIN without --privileged');
  // And it can use them: changing a link of the container's own netns needs CAP_NET_ADMIN.
  const denied = await env.berth(['exec', 'plain', 'ip', 'link', 'set', 'lo', 'mtu', '1280']);
  assert.notEqual(denied.status, 0);
  assert.match(denied.stderr, /not permitted/);
  await env.berthOk(['exec', '--privileged', 'plain', 'ip', 'link', 'set', 'lo', 'mtu', '1280']);
  assert.match(await env.berthOk(['exec', 'plain', 'ip', 'link', 'show', 'lo']), / mtu 1280 /);
  await env.berthOk(['rm', '-f', '-t', '0', 'plain']);
});

test('exec stdio goes through the attach socket: separate streams, stdin only with -i, exit status', async (t) => {
  const env = await createBerthEnv(t);
  await importBusybox(env);
  const containerId = (
    await env.berthOk(['run', '-d', '--name', 'box', 'busybox', 'sleep', '300'])
  ).trim();
  const both = await env.berth(['exec', 'box', 'sh', '-c', 'echo out; echo err >&2; exit 3']);
  assert.deepEqual([both.stdout, both.stderr, both.status], ['out\n', 'err\n', 3]);
  assert.equal(
    await env.berthOk(['exec', '-i', 'box', 'sh', '-c', 'cat; echo done'], { input: 'typed\n' }),
    'typed\ndone\n',
  );
  assert.equal(
    await env.berthOk(['exec', 'box', 'sh', '-c', 'cat; echo done'], { input: 'typed\n' }),
    'done\n',
    'no -i: stdin is empty',
  );
  const tty = await env.berth(['exec', '-t', 'box', 'sh', '-c', 'tty; echo err >&2']);
  assert.match(tty.stdout, /^\/dev\/pts\/\d+\r\nerr\r\n$/, '-t: one pty carries both streams');
  assert.equal(tty.status, 0);
  const noUser = await env.berth(['exec', '-u', 'nosuchuser', 'box', 'id']);
  assert.equal(noUser.status, 125);
  assert.match(
    noUser.stderr,
    /^Error: unable to find user nosuchuser: no matching entries in passwd file$/m,
  );
  assert.deepEqual(
    await inspectExecIds(env, 'box'),
    [],
    'a foreground session is gone once it ended, or failed to start',
  );
  const bundle = join(env.runroot, 'c', containerId);
  const sessionDirs = async () =>
    (await readdir(bundle)).filter((name) => /^[0-9a-f]{64}$/.test(name));
  await waitFor(
    async () => (await sessionDirs()).length === 0,
    "conmon's exit command to remove the sessions' dirs",
    15_000,
  );
  await env.berthOk(['rm', '-f', '-t', '0', 'box']);
});

test('exec -d prints its session id, runs under a conmon of its own, and the session is listed until the container goes', async (t) => {
  const env = await createBerthEnv(t);
  await importBusybox(env);
  const containerId = (
    await env.berthOk(['run', '-d', '--name', 'svc', 'busybox', 'sleep', '300'])
  ).trim();
  const sessionId = (
    await env.berthOk(['exec', '-d', 'svc', 'sh', '-c', 'sleep 1; touch /finished'])
  ).trim();
  assert.match(sessionId, /^[0-9a-f]{64}$/);
  const monitors = await runProcess(['ps', '-eo', 'args']);
  const conmon = monitors.stdout.split('\n').find((line) => line.includes(`-u ${sessionId}`));
  assert.ok(
    conmon?.includes(`-c ${containerId}`) && conmon.includes('--exec-attach'),
    `a conmon for the session:\n${conmon}`,
  );
  assert.deepEqual(await inspectExecIds(env, 'svc'), [sessionId]);

  // conmon's exit command records the end and removes the session's dir; the session stays listed.
  const sessionDir = join(env.runroot, 'c', containerId, sessionId);
  await waitFor(async () => !existsSync(sessionDir), 'the exec session cleanup', 15_000);
  await env.berthOk(['exec', 'svc', 'test', '-e', '/finished']);
  assert.deepEqual(await inspectExecIds(env, 'svc'), [sessionId]);

  const failed = await env.berth(['exec', '-d', 'svc', 'no-such-command']);
  assert.equal(failed.status, 127);
  assert.deepEqual(
    await inspectExecIds(env, 'svc'),
    [sessionId],
    'a session that could not start is not kept',
  );

  await env.berthOk(['rm', '-f', '-t', '0', 'svc']);
  const db = new Database(join(env.root, 'berth.db'), { readonly: true });
  t.after(() => db.close());
  assert.deepEqual(
    db.prepare('SELECT id FROM exec_sessions').all(),
    [],
    "the container's sessions went with it",
  );
});

test('exec into a container that is not running fails as podman does', async (t) => {
  const env = await createBerthEnv(t);
  await importBusybox(env);
  await env.berthOk(['create', '--name', 'idle', 'busybox', 'true']);
  const result = await env.berth(['exec', 'idle', 'true']);
  assert.equal(result.status, 125);
  assert.match(
    result.stderr,
    /^Error: can only create exec sessions on running containers: container state improper$/m,
  );
});

async function inspectExecIds(
  env: Awaited<ReturnType<typeof createBerthEnv>>,
  name: string,
): Promise<string[]> {
  const [data] = JSON.parse(await env.berthOk(['inspect', name])) as { ExecIDs: string[] }[];
  return data?.ExecIDs ?? [];
}

test('exec and exec -d record exec and exec_died events with the session id and exit code', async (t) => {
  const env = await createBerthEnv(t);
  await importBusybox(env);
  await env.berthOk(['run', '-d', '--name', 'ev', 'busybox', 'sleep', '1000']);
  assert.equal((await env.berth(['exec', 'ev', 'sh', '-c', 'exit 3'])).status, 3);
  const session = (await env.berthOk(['exec', '-d', 'ev', 'true'])).trim();
  const format = '{{.Status}} {{.Name}} {{.ContainerExitCode}} {{index .Attributes "execID"}}';
  const lines = async () =>
    (
      await env.berthOk([
        'events',
        '--stream=false',
        '--filter',
        'event=exec',
        '--filter',
        'event=exec_died',
        '--format',
        format,
      ])
    )
      .trim()
      .split('\n');
  await waitFor(async () => (await lines()).length === 4, 'the detached session to end');
  const seen = await lines();
  assert.match(seen[0] ?? '', /^exec ev 0 [0-9a-f]{64}$/);
  assert.match(seen[1] ?? '', /^exec_died ev 3 [0-9a-f]{64}$/);
  assert.equal(seen[2], `exec ev 0 ${session}`);
  assert.equal(seen[3], `exec_died ev 0 ${session}`);
  await env.berthOk(['rm', '-f', '-t', '0', 'ev']);
});
