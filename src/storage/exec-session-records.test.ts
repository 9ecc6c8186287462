import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteState } from './sqlite-state.ts';
import type { ExecSessionRecord } from './exec-session-records.ts';

const dir = mkdtempSync(join(tmpdir(), 'berth-exec-records-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const containerId = 'c'.repeat(64);

function openWithContainer(name: string): SqliteState {
  const state = SqliteState.open(join(dir, name, 'db.sql'));
  state.write(() =>
    state.containers.insert({
      id: containerId,
      name: 'box',
      imageId: null,
      layerId: null,
      created: '2026-01-01T00:00:00Z',
      state: 'running',
      config: {},
      stateData: {},
    }),
  );
  return state;
}

function session(id: string, created: string): ExecSessionRecord {
  return {
    id,
    containerId,
    command: ['sh', '-c', 'exit 3'],
    env: ['A=1'],
    tty: true,
    interactive: false,
    privileged: true,
    user: 'nobody',
    workdir: null,
    state: 'created',
    pid: null,
    exitCode: null,
    created,
    started: null,
    finished: null,
  };
}

test('a session goes created → running → exited once, and reads back as stored', () => {
  using state = openWithContainer('lifecycle');
  const id = '1'.repeat(64);
  state.write(() => state.execSessions.insert(session(id, '2026-01-01T00:00:01Z')));
  assert.deepEqual(state.execSessions.get(id), session(id, '2026-01-01T00:00:01Z'));
  assert.equal(state.execSessions.markRunning(id, 42, '2026-01-01T00:00:02Z'), true);
  assert.equal(
    state.execSessions.markRunning(id, 43, '2026-01-01T00:00:03Z'),
    false,
    'only a created session starts',
  );
  assert.equal(state.execSessions.markExited(id, 3, '2026-01-01T00:00:04Z'), true);
  assert.equal(
    state.execSessions.markExited(id, 0, '2026-01-01T00:00:05Z'),
    false,
    'the first exit report wins',
  );
  const read = state.execSessions.get(id);
  assert.deepEqual(
    {
      state: read?.state,
      pid: read?.pid,
      exitCode: read?.exitCode,
      started: read?.started,
      finished: read?.finished,
    },
    {
      state: 'exited',
      pid: 42,
      exitCode: 3,
      started: '2026-01-01T00:00:02Z',
      finished: '2026-01-01T00:00:04Z',
    },
  );
});

test("a container's sessions are listed oldest first and go with the container", () => {
  using state = openWithContainer('cascade');
  const [older, newer] = ['b'.repeat(64), 'a'.repeat(64)];
  state.write(() => {
    state.execSessions.insert(session(newer, '2026-01-01T00:00:09Z'));
    state.execSessions.insert(session(older, '2026-01-01T00:00:01Z'));
  });
  assert.deepEqual(state.execSessions.idsOfContainer(containerId), [older, newer]);
  state.write(() => state.containers.delete(containerId));
  assert.equal(state.execSessions.get(older), undefined);
  assert.deepEqual(state.execSessions.idsOfContainer(containerId), []);
});

test('a session of an unknown container is refused (foreign key)', () => {
  using state = openWithContainer('orphan');
  assert.throws(
    () =>
      state.write(() =>
        state.execSessions.insert({
          ...session('d'.repeat(64), '2026-01-01T00:00:01Z'),
          containerId: 'e'.repeat(64),
        }),
      ),
    { code: 'STORAGE' },
  );
});
