// `berth events` as a user sees it: what run -d, stop and rm recorded (filters, formats, time
// bounds), and a live `events` that follows another process's run until Ctrl-C.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { berthBin, createBerthEnv } from '../harness/berth-env.ts';
import { importBusybox } from '../harness/fixtures.ts';
import { waitFor } from '../harness/wait.ts';

const trapped = ['sh', '-c', 'trap "exit 3" TERM; while true; do sleep 0.1; done'];

test('run -d, stop and rm are recorded and listed with filters, formats and time bounds', async (t) => {
  const env = await createBerthEnv(t);
  const imageId = await importBusybox(env);
  await new Promise((resolve) => setTimeout(resolve, 20));
  const afterImport = new Date().toISOString();
  const id = (
    await env.berthOk(['run', '-d', '--name', 'web', '--label', 'app=web', 'busybox', ...trapped])
  ).trim();
  await env.berthOk(['stop', 'web']);
  await env.berthOk(['rm', 'web']);

  const statuses = await env.berthOk([
    'events',
    '--stream=false',
    '--filter',
    'container=web',
    '--format',
    '{{.Status}}',
  ]);
  assert.deepEqual(statuses.trim().split('\n'), [
    'create',
    'init',
    'start',
    'died',
    'cleanup',
    'stop',
    'remove',
  ]);

  // podman's text line: Go time, type, status, the full ID, (image=, name=, labels).
  const start = await env.berthOk(['events', '--stream=false', '--filter', 'event=start']);
  assert.match(
    start,
    new RegExp(
      `^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(\\.\\d{1,9})? [+-]\\d{4} \\S+ container start ${id} \\(image=localhost/busybox:latest, name=web, app=web\\)\\n$`,
    ),
  );
  const short = await env.berthOk([
    'events',
    '--stream=false',
    '--filter',
    'event=start',
    '--no-trunc=false',
  ]);
  assert.match(short, new RegExp(` container start ${id.slice(0, 12)} \\(`));

  // Same key ORs, different keys AND; label= and the died event's exit code in a template.
  assert.equal(
    await env.berthOk([
      'events',
      '--stream=false',
      '--filter',
      'event=start',
      '--filter',
      'event=remove',
      '--filter',
      'container=web',
      '--format',
      '{{.Status}}',
    ]),
    'start\nremove\n',
  );
  assert.equal(
    await env.berthOk([
      'events',
      '--stream=false',
      '--filter',
      'type=image',
      '--filter',
      'event=start',
    ]),
    '',
  );
  assert.equal(
    await env.berthOk([
      'events',
      '--stream=false',
      '--filter',
      'label=app=web',
      '--filter',
      'event=died',
      '--format',
      '{{.Name}} {{.Attributes.app}} {{.ContainerExitCode}}',
    ]),
    'web web 3\n',
  );
  assert.match(
    await env.berthOk(['events', '--stream=false', '--filter', 'type=image']),
    new RegExp(` image import ${imageId} \\S+busybox-rootfs\\.tar\\n$`),
  );

  // --format json: podman's JSON line, fields in its order.
  const json = (
    await env.berthOk(['events', '--stream=false', '--format', 'json', '--filter', 'event=died'])
  ).trim();
  const died = JSON.parse(json) as Record<string, unknown>;
  assert.deepEqual(Object.keys(died), [
    'ContainerExitCode',
    'ID',
    'Image',
    'Name',
    'Status',
    'Time',
    'Type',
    'Attributes',
  ]);
  assert.deepEqual(
    { ...died, Time: undefined },
    {
      ContainerExitCode: 3,
      ID: id,
      Image: 'localhost/busybox:latest',
      Name: 'web',
      Status: 'died',
      Time: undefined,
      Type: 'container',
      Attributes: { app: 'web' },
    },
  );

  // --since and --until split the log at a time; an --until in the past ends without --stream=false.
  assert.equal(
    await env.berthOk(['events', '--until', afterImport, '--format', '{{.Type}} {{.Status}}']),
    'image import\n',
  );
  const since = await env.berthOk([
    'events',
    '--stream=false',
    '--since',
    afterImport,
    '--format',
    '{{.Status}}',
  ]);
  assert.equal(since.trim().split('\n').length, 7);
  assert.equal(
    await env.berthOk([
      'events',
      '--stream=false',
      '--since',
      '1h',
      '--filter',
      'event=remove',
      '--format',
      '{{.Name}}',
    ]),
    'web\n',
  );

  // A duration --until counts forward: the log from its start, then new events for a second.
  const startedAt = Date.now();
  assert.equal(
    await env.berthOk([
      'events',
      '--until',
      '1s',
      '--filter',
      'event=remove',
      '--format',
      '{{.Name}}',
    ]),
    'web\n',
  );
  assert.ok(Date.now() - startedAt >= 1000, 'followed until --until passed');

  // The log is podman's file logger: JSON lines under the runroot.
  const lines = (await readFile(join(env.runroot, 'events', 'events.log'), 'utf8'))
    .trim()
    .split('\n');
  assert.equal(lines.length, 8);

  const bad = await env.berth(['events', '--stream=false', '--filter', 'colour=red']);
  assert.equal(bad.status, 125);
  assert.equal(bad.stderr, 'Error: failed to parse event filters: colour is an invalid filter\n');
  const badTime = await env.berth(['events', '--stream=false', '--since', 'teatime']);
  assert.equal(badTime.status, 125);
  assert.match(
    badTime.stderr,
    /unable to convert since time of teatime: unable to interpret time value/,
  );
});

test('a live events sees a run made by another process afterwards and exits 0 on SIGINT', async (t) => {
  const env = await createBerthEnv(t);
  await importBusybox(env);
  const child = spawn(
    process.execPath,
    [berthBin, ...env.globalArgs, 'events', '--format', '{{.Type}} {{.Status}} {{.Name}}'],
    { env: env.env },
  );
  t.after(() => child.kill('SIGKILL'));
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  // Ready once it reports a volume made after it started.
  let probe = 0;
  await waitFor(
    async () => {
      await env.berthOk(['volume', 'create', `probe${++probe}`]);
      return out.includes('volume create probe');
    },
    'events to follow the log',
    15_000,
    300,
  );
  assert.ok(!out.includes('image import'), 'only events after it started');

  await env.berthOk(['run', '--rm', '--name', 'live', '--network', 'none', 'busybox', 'true']);
  await waitFor(async () => out.includes('container remove live'), 'the remove event of live');
  child.kill('SIGINT');
  assert.equal(await exited, 0, err);
  const live = out
    .split('\n')
    .filter((line) => line.endsWith(' live'))
    .map((line) => line.split(' ')[1]);
  assert.deepEqual(live, ['create', 'init', 'start', 'attach', 'died', 'cleanup', 'remove']);
});

test('image, volume and network verbs record their events', async (t) => {
  const env = await createBerthEnv(t);
  const imageId = await importBusybox(env);
  const archive = join(env.dir, 'busybox.tar');
  await env.berthOk(['tag', 'busybox', 'localhost/other:1']);
  await env.berthOk(['untag', 'busybox', 'localhost/other:1']);
  await env.berthOk(['save', '-o', archive, 'busybox']);
  await env.berthOk(['rmi', 'busybox']);
  await env.berthOk(['load', '-i', archive]);
  await env.berthOk(['volume', 'create', 'kept']);
  await env.berthOk(['volume', 'rm', 'kept']);
  await env.berthOk(['volume', 'create', 'unused']);
  await env.berthOk(['volume', 'prune', '-f']);
  const net = `ev${Math.random().toString(36).slice(2, 8)}`;
  const subnet = `10.${89 + Math.floor(Math.random() * 39)}.${Math.floor(Math.random() * 256)}.0/24`;
  await env.berthOk(['network', 'create', '--subnet', subnet, net]);
  await env.berthOk(['create', '--name', 'idle', 'busybox', 'true']);
  await env.berthOk(['network', 'connect', net, 'idle']);
  await env.berthOk(['network', 'disconnect', net, 'idle']);
  await env.berthOk(['rm', 'idle']);
  await env.berthOk(['network', 'rm', net]);

  const images = await env.berthOk([
    'events',
    '--stream=false',
    '--filter',
    'type=image',
    '--format',
    '{{.Status}} {{.ID}} {{.Name}}',
  ]);
  assert.deepEqual(images.trim().split('\n').slice(1), [
    `tag ${imageId} localhost/other:1`,
    `untag ${imageId} localhost/other:1`,
    `save ${imageId} ${archive}`,
    `remove ${imageId} localhost/busybox:latest`,
    `loadfromarchive  ${archive}`,
  ]);
  const volumes = await env.berthOk(['events', '--stream=false', '--filter', 'type=volume']);
  assert.deepEqual(
    volumes
      .trim()
      .split('\n')
      .map((line) => line.replace(/^.* volume /, '')),
    ['create kept', 'remove kept', 'create unused', 'remove unused', 'prune unused'],
  );
  const networks = await env.berthOk([
    'events',
    '--stream=false',
    '--filter',
    `network=${net}`,
    '--format',
    '{{.Status}} {{.Name}} {{.Network}}',
  ]);
  assert.deepEqual(networks.trim().split('\n'), [
    `create  ${net}`,
    `connect idle ${net}`,
    `disconnect idle ${net}`,
    `remove  ${net}`,
  ]);
});

test('containers.conf moves the log (events_logfile_path) and bounds it (events_logfile_max_size)', async (t) => {
  const env = await createBerthEnv(t);
  const path = join(env.dir, 'elsewhere', 'events.log');
  const conf = await readFile(env.containersConfPath, 'utf8');
  await writeFile(
    env.containersConfPath,
    conf.replace(
      '[engine]\n',
      `[engine]\nevents_logfile_path = "${path}"\nevents_logfile_max_size = "1k"\n`,
    ),
  );
  for (let i = 0; i < 12; i++) await env.berthOk(['volume', 'create', `vol${i}`]);
  const kept = (await readFile(path, 'utf8')).trim().split('\n');
  assert.ok(Buffer.byteLength(kept.join('\n')) < 1000, 'the log stays under the limit');
  const listed = await env.berthOk(['events', '--stream=false']);
  assert.match(listed, new RegExp(` system log-rotation ${path.replace(/[.]/g, '\\.')}\\n`));
  assert.match(listed, / volume create vol11\n$/);
  assert.doesNotMatch(listed, / volume create vol0\n/, 'the oldest half was dropped');
});
