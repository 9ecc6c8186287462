import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventLogFile } from './event-log-file.ts';

async function tempLog(t: { after: (fn: () => Promise<void>) => void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'evlog-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return join(dir, 'events', 'events.log');
}

/** podman's own rotation test: 100 equal lines, a limit of exactly half the file. */
function podmanLines(): string[] {
  return Array.from(
    { length: 100 },
    (_, i) =>
      `{"Name":"busybox","Status":"pull","Time":"2022-04-06T11:26:42.7236679${String(i).padStart(2, '0')}+02:00","Type":"image","Attributes":null}`,
  );
}

test('append creates the directory and writes one line per call', async (t) => {
  const path = await tempLog(t);
  const log = new EventLogFile(path, 0);
  log.append('{"a":1}', () => 'rotated');
  log.append('{"a":2}', () => 'rotated');
  assert.equal(await readFile(path, 'utf8'), '{"a":1}\n{"a":2}\n');
});

test('rotation keeps the lines after the middle, as podman: the log-rotation line, then the new one', async (t) => {
  const path = await tempLog(t);
  const lines = podmanLines();
  new EventLogFile(path, 0).append(lines[0] ?? '', () => 'x');
  await writeFile(path, lines.map((line) => `${line}\n`).join(''));
  const half = (await readFile(path)).length / 2;
  new EventLogFile(path, half).append('{"new":true}', () => '{"rotated":true}');
  const after = (await readFile(path, 'utf8')).split('\n').filter(Boolean);
  assert.deepEqual(after, [...lines.slice(51), '{"rotated":true}', '{"new":true}']);
  new EventLogFile(path, 0).append('{"unlimited":true}', () => 'x');
  assert.equal(
    (await readFile(path, 'utf8')).split('\n').filter(Boolean).length,
    52,
    'a limit of 0 never rotates',
  );
});

test('read returns every line from the start, or nothing old when not fromStart', async (t) => {
  const path = await tempLog(t);
  const log = new EventLogFile(path, 0);
  const seen: string[] = [];
  await log.read({ fromStart: true, follow: false, signal: new AbortController().signal }, (line) =>
    seen.push(line),
  );
  assert.equal(seen.length, 0, 'a missing log reads as empty');
  log.append('one', () => 'x');
  log.append('two', () => 'x');
  await log.read({ fromStart: true, follow: false, signal: new AbortController().signal }, (line) =>
    seen.push(line),
  );
  assert.deepEqual(seen, ['one', 'two']);
  const fresh: string[] = [];
  await log.read(
    { fromStart: false, follow: false, signal: new AbortController().signal },
    (line) => fresh.push(line),
  );
  assert.equal(fresh.length, 0);
});

// A follower that lags more than half a file behind loses the dropped lines (as podman's): the
// writer here gives it time to keep up.
test('follow sees lines appended later, across a rotation, once each, until aborted', async (t) => {
  const path = await tempLog(t);
  const writer = new EventLogFile(path, 600);
  writer.append('old', () => 'x');
  const controller = new AbortController();
  const seen: string[] = [];
  const reading = new EventLogFile(path, 600).read(
    { fromStart: false, follow: true, signal: controller.signal },
    (line) => seen.push(line),
  );
  await new Promise((resolve) => setTimeout(resolve, 100));
  const written: string[] = [];
  for (let i = 0; i < 30; i++) {
    const line = `{"n":${String(i).padStart(3, '0')},"pad":"${'p'.repeat(20)}"}`;
    written.push(line);
    writer.append(line, () => '{"rotation":1}');
    await new Promise((resolve) => setTimeout(resolve, 15));
  }
  const deadline = Date.now() + 5000;
  while (!seen.includes(written.at(-1) ?? '') && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 20));
  controller.abort();
  await reading;
  const numbered = seen.filter((line) => line.startsWith('{"n"'));
  assert.deepEqual(
    numbered,
    written,
    `every appended line, in order, none twice: ${JSON.stringify(seen)}`,
  );
  assert.ok(seen.includes('{"rotation":1}'), 'the file rotated while followed');
  assert.ok(!seen.includes('old'), 'not from the start');
});
