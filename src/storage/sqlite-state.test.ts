import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { fileURLToPath } from 'node:url';
import { sha256Digest } from '../lib/digest.ts';
import { migrations, type Migration } from './migrations.ts';
import { SqliteState } from './sqlite-state.ts';

const dir = mkdtempSync(join(tmpdir(), 'berth-sqlite-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const freshPath = () => join(dir, `state-${n++}`, 'db.sql');

test('open applies migration 1 once, sets WAL and user_version', () => {
  const path = freshPath();
  const state = SqliteState.open(path);
  assert.equal(state.schemaVersion(), migrations.length);
  assert.equal(state.db.pragma('journal_mode', { simple: true }), 'wal');
  assert.equal(state.db.pragma('foreign_keys', { simple: true }), 1);
  assert.equal(state.db.pragma('busy_timeout', { simple: true }), 30000);
  state.close();
  // Reopening applies nothing again (migration 1 has no IF NOT EXISTS: a re-run would throw).
  const again = SqliteState.open(path);
  assert.equal(again.schemaVersion(), migrations.length);
  again.close();
});

test('pending migrations apply in order, each once, across reopenings', () => {
  const path = freshPath();
  const first: Migration[] = [{ version: 1, name: 't', sql: 'CREATE TABLE t (x INTEGER)' }];
  const second: Migration[] = [
    ...first,
    { version: 2, name: 'seed', sql: 'INSERT INTO t VALUES (1)' },
  ];
  SqliteState.open(path, first).close();
  SqliteState.open(path, second).close();
  const state = SqliteState.open(path, second);
  assert.deepEqual(state.db.prepare('SELECT count(*) AS n FROM t').get(), { n: 1 });
  assert.equal(state.schemaVersion(), 2);
  state.close();
  assert.throws(() => SqliteState.open(path, first), { code: 'STORAGE' });
});

/** Starts 8 processes, waits until each has loaded its modules, then lets all open at once. */
async function openConcurrently(path: string): Promise<void> {
  const module = fileURLToPath(new URL('./sqlite-state.ts', import.meta.url));
  const script = `
    import { SqliteState } from ${JSON.stringify(module)};
    process.stdout.write('ready\\n');
    process.stdin.once('data', () => {
      const state = SqliteState.open(process.argv[1]);
      state.write(() => state.images.count());
      process.stdout.write(String(state.schemaVersion()));
      state.close();
      process.exit(0);
    });`;
  const children = Array.from({ length: 8 }, () =>
    spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, path], {
      stdio: ['pipe', 'pipe', 'pipe'],
    }),
  );
  const results = children.map(
    (child) =>
      new Promise<{ status: number | null; out: string; err: string }>((resolve) => {
        let out = '';
        let err = '';
        child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
        child.on('close', (status) => resolve({ status, out, err }));
      }),
  );
  await Promise.all(
    children.map((child) => new Promise((resolve) => child.stdout.once('data', resolve))),
  );
  for (const child of children) child.stdin.write('go\n');
  for (const run of await Promise.all(results)) {
    assert.equal(run.status, 0, run.err);
    assert.equal(run.out, `ready\n${migrations.length}`);
  }
}

test('processes opening a missing database file at once all succeed', async () => {
  await openConcurrently(freshPath());
});

test('processes opening an empty WAL database at once apply migration 1 once', async () => {
  // The file exists in WAL mode already, so nothing serialises the openers before the
  // migration transaction: each reads user_version 0 and races for the write lock.
  const path = freshPath();
  mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.close();
  await openConcurrently(path);
});

function fixture(state: SqliteState) {
  const configDigest = sha256Digest('config');
  const imageId = configDigest.slice(7);
  state.write(() => {
    state.layers.insert({
      id: 'a'.repeat(64),
      parent: null,
      diffDigest: sha256Digest('diff'),
      compressedDigest: null,
      uncompressedSizeBytes: 10,
      created: '2024-01-01T00:00:00.000Z',
      shortLink: 'SHORTA',
      kind: 'image',
    });
    state.images.insert({
      id: imageId,
      topLayer: 'a'.repeat(64),
      configDigest,
      manifestDigest: null,
      manifestMediaType: null,
      created: '2024-01-01T00:00:00.000Z',
      sizeBytes: 10,
      config: { architecture: 'amd64' },
      manifest: null,
      names: ['localhost/a:latest', 'localhost/a:v1'],
    });
  });
  return imageId;
}

test('image records: names, prefix lookup, name moves, cascade on delete', () => {
  const state = SqliteState.open(freshPath());
  const imageId = fixture(state);
  const image = state.images.get(imageId);
  assert.deepEqual(image?.config, { architecture: 'amd64' });
  assert.deepEqual(image?.names, ['localhost/a:latest', 'localhost/a:v1']);
  assert.equal(state.images.findImageByName('localhost/a:v1')?.id, imageId);
  assert.equal(state.images.findImageByName('localhost/a'), undefined);
  assert.deepEqual(state.images.findImageIdsByPrefix(imageId.slice(0, 4)), [imageId]);
  assert.deepEqual(state.images.findImageIdsByPrefix('zz%'), []);
  const otherDigest = sha256Digest('other');
  state.write(() => {
    state.images.insert({
      ...image!,
      id: otherDigest.slice(7),
      configDigest: otherDigest,
      names: ['localhost/a:v1'],
    });
  });
  assert.deepEqual(state.images.names(imageId), ['localhost/a:latest']);
  assert.deepEqual(
    state.images.list().map((i) => i.names),
    [['localhost/a:latest'], ['localhost/a:v1']],
  );
  state.write(() => state.images.delete(otherDigest.slice(7)));
  assert.equal(state.images.findImageByName('localhost/a:v1'), undefined);
  assert.equal(state.layers.chain('a'.repeat(64)).length, 1);
  state.close();
});

test('container records: unique names, state updates, counts for info', () => {
  const state = SqliteState.open(freshPath());
  const imageId = fixture(state);
  const base = {
    imageId,
    layerId: null,
    created: '2024-01-01T00:00:00Z',
    config: { cmd: ['sh'] },
    stateData: {},
  };
  state.write(() => {
    state.containers.insert({ ...base, id: '1'.repeat(64), name: 'one', state: 'running' });
    state.containers.insert({ ...base, id: '2'.repeat(64), name: 'two', state: 'paused' });
    state.containers.insert({ ...base, id: '3'.repeat(64), name: 'three', state: 'exited' });
  });
  assert.throws(
    () =>
      state.write(() =>
        state.containers.insert({ ...base, id: '4'.repeat(64), name: 'one', state: 'created' }),
      ),
    { code: 'NAME_IN_USE' },
  );
  assert.deepEqual(state.counts(), { images: 1, containers: 3, running: 1, paused: 1, stopped: 1 });
  state.write(() => state.containers.updateState('1'.repeat(64), 'exited', { exitCode: 3 }));
  assert.deepEqual(state.containers.getByName('one')?.stateData, { exitCode: 3 });
  assert.deepEqual(state.containers.findIdsByPrefix('2'), ['2'.repeat(64)]);
  assert.equal(state.counts().stopped, 2);
  // An image in use by containers cannot be deleted (foreign key), surfaced as STORAGE.
  assert.throws(() => state.write(() => state.images.delete(imageId)), { code: 'STORAGE' });
  state.close();
});
