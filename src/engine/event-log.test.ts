import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventLog, parseEvent, parseSizeBytes } from './event-log.ts';

async function tempDir(t: { after: (fn: () => Promise<void>) => void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'evlog-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

const container = {
  id: 'c'.repeat(64),
  name: 'web',
  imageId: 'i'.repeat(64),
  config: { imageName: 'busybox', extra: { labels: { app: 'web' } } },
};

test('container events are podman JSON lines under <runroot>/events: image name from the store, labels as attributes', async (t) => {
  const dir = await tempDir(t);
  const log = EventLog.configured(
    () => undefined,
    dir,
    () => 'localhost/busybox:latest',
  );
  log.container('create', container);
  log.containerExited(container, 3);
  log.container('remove', { ...container, imageId: null });
  const lines = (await readFile(join(dir, 'events', 'events.log'), 'utf8')).trim().split('\n');
  const events = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  assert.deepEqual(
    events.map((event) => [event['Status'], event['ContainerExitCode'], event['Image']]),
    [
      ['create', undefined, 'localhost/busybox:latest'],
      ['died', 3, 'localhost/busybox:latest'],
      ['cleanup', undefined, 'localhost/busybox:latest'],
      ['remove', undefined, 'busybox'],
    ],
  );
  assert.deepEqual(Object.keys(events[0] ?? {}), [
    'ID',
    'Image',
    'Name',
    'Status',
    'Time',
    'Type',
    'Attributes',
  ]);
  assert.deepEqual(events[0]?.['Attributes'], { app: 'web' });
  assert.match(
    String(events[0]?.['Time']),
    /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?(Z|[+-]\d\d:\d\d)$/,
  );
  assert.deepEqual(parseEvent(lines[1] ?? ''), JSON.parse(lines[1] ?? ''));
});

test('image, volume and network events carry what podman records', async (t) => {
  const dir = await tempDir(t);
  const log = EventLog.configured(
    () => undefined,
    dir,
    () => undefined,
  );
  log.image('pull', undefined, 'alpine');
  log.volume('create', 'data');
  log.network('create', { id: 'n'.repeat(64), name: 'backend', driver: 'bridge' });
  log.networkMember('connect', container, 'backend');
  const lines = (await readFile(join(dir, 'events', 'events.log'), 'utf8')).trim().split('\n');
  const strip = (line: string) => line.replace(/"Time":"[^"]+",/, '');
  assert.deepEqual(lines.map(strip), [
    '{"Name":"alpine","Status":"pull","Type":"image","Attributes":null}',
    '{"Name":"data","Status":"create","Type":"volume","Attributes":null}',
    `{"ID":"${'n'.repeat(64)}","network":"backend","Status":"create","Type":"network","Attributes":{"driver":"bridge"}}`,
    `{"ID":"${'c'.repeat(64)}","Name":"web","network":"backend","Status":"connect","Type":"network","Attributes":null}`,
  ]);
});

test('containers.conf: events_logfile_path moves the log, events_logger = "none" records nothing and refuses to read', async (t) => {
  const dir = await tempDir(t);
  const path = join(dir, 'elsewhere.log');
  EventLog.configured(
    () => ({ events_logfile_path: path }),
    dir,
    () => undefined,
  ).volume('create', 'data');
  assert.match(await readFile(path, 'utf8'), /"Name":"data"/);
  const none = EventLog.configured(
    () => ({ events_logger: 'none' }),
    join(dir, 'none'),
    () => undefined,
  );
  none.volume('create', 'data');
  await assert.rejects(
    none.read(
      { fromStart: true, follow: false, signal: new AbortController().signal },
      () => undefined,
    ),
    {
      message: 'cannot read events with the "none" backend',
    },
  );
  const broken = EventLog.configured(
    () => {
      throw new Error('bad containers.conf');
    },
    join(dir, 'broken'),
    () => undefined,
  );
  broken.volume('create', 'data');
  assert.match(
    await readFile(join(dir, 'broken', 'events', 'events.log'), 'utf8'),
    /"Name":"data"/,
    'a broken containers.conf still records',
  );
});

test('events_logfile_max_size reads bytes or podman units, default 1m', () => {
  assert.equal(parseSizeBytes(undefined), 1_000_000);
  assert.equal(parseSizeBytes(4750), 4750);
  assert.equal(parseSizeBytes('5m'), 5_000_000);
  assert.equal(parseSizeBytes('2k'), 2000);
  assert.equal(parseSizeBytes('0'), 0);
});
