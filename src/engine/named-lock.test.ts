import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { SqliteState } from '../storage/sqlite-state.ts';
import { isProcessLive, readProcessStat } from '../host/process-alive.ts';
import { acquireLock, tryAcquire } from './named-lock.ts';

const dir = mkdtempSync(join(tmpdir(), 'berth-lock-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const freshState = () => SqliteState.open(join(dir, `s${n++}`, 'berth.db'));
const owner = (pid: number, startTime: number, token = `t${pid}-${startTime}`) => ({
  pid,
  startTime,
  token,
});

test('a held lock excludes a second holder until it is released; release is idempotent', async () => {
  using state = freshState();
  const first = await acquireLock(state, 'container:a');
  assert.equal(
    tryAcquire(
      state,
      'container:a',
      owner(process.pid, readProcessStat(process.pid)?.startTime ?? 0, 'other'),
    ),
    false,
  );
  let secondHeld = false;
  const second = acquireLock(state, 'container:a').then((lock) => {
    secondHeld = true;
    return lock;
  });
  await new Promise((resolve) => setTimeout(resolve, 30));
  assert.equal(
    secondHeld,
    false,
    'the second waiter must not get the lock while the first holds it',
  );
  first.release();
  first.release();
  const lock = await second;
  assert.equal(secondHeld, true);
  assert.equal(state.locks.get('container:a')?.pid, process.pid);
  await lock[Symbol.asyncDispose]();
  assert.equal(state.locks.get('container:a'), undefined);
});

test('locks of different names do not exclude each other', async () => {
  using state = freshState();
  using _a = await acquireLock(state, 'container:a');
  using _b = await acquireLock(state, 'container:b');
  assert.equal(state.locks.get('container:b')?.pid, process.pid);
});

test('a holder killed with SIGKILL is replaced at once, not after a timeout', async () => {
  using state = freshState();
  const child = spawn('sleep', ['30'], { stdio: 'ignore' });
  await once(child, 'spawn');
  const pid = child.pid ?? 0;
  state.write(() =>
    state.locks.put('container:k', owner(pid, readProcessStat(pid)?.startTime ?? 0), Date.now()),
  );
  assert.equal(
    tryAcquire(state, 'container:k', owner(process.pid, 1, 'me')),
    false,
    'a live holder keeps its lock',
  );
  child.kill('SIGKILL');
  await once(child, 'exit');
  const started = Date.now();
  using _lock = await acquireLock(state, 'container:k', 1_000);
  assert.ok(Date.now() - started < 200);
});

test('a zombie holder and a holder whose pid was reused count as gone', async () => {
  using state = freshState();
  // `sleep 1` becomes a zombie once the shell has exec'd `sleep 8` (which never reaps it); the 1 s lets the exec happen
  // first, since a shell still running reaps a child that exits early.
  const parent = spawn('sh', ['-c', 'sleep 1 & echo $!; exec sleep 8'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  after(() => parent.kill('SIGKILL'));
  const [chunk] = (await once(parent.stdout, 'data')) as [Buffer];
  const zombie = Number.parseInt(chunk.toString(), 10);
  for (let i = 0; i < 1000 && readProcessStat(zombie)?.state !== 'Z'; i++)
    await new Promise((resolve) => setTimeout(resolve, 10));
  const stat = readProcessStat(zombie);
  assert.equal(stat?.state, 'Z');
  assert.equal(isProcessLive(zombie), false);
  state.write(() =>
    state.locks.put('container:z', owner(zombie, stat?.startTime ?? 0), Date.now()),
  );
  assert.equal(tryAcquire(state, 'container:z', owner(process.pid, 1, 'me')), true);

  const mine = readProcessStat(process.pid)?.startTime ?? 0;
  state.write(() =>
    state.locks.put('container:r', owner(process.pid, mine + 1, 'old'), Date.now()),
  );
  assert.equal(isProcessLive(process.pid, mine + 1), false);
  assert.equal(
    tryAcquire(state, 'container:r', owner(process.pid, mine, 'new')),
    true,
    'same pid, other start time: another process',
  );
});

test('a lock held past the wait limit fails with LOCK_TIMEOUT naming the holder', async () => {
  using state = freshState();
  using _held = await acquireLock(state, 'network:n');
  await assert.rejects(
    acquireLock(state, 'network:n', 50),
    (error: unknown) =>
      (error as { code?: string }).code === 'LOCK_TIMEOUT' &&
      new RegExp(`held by pid ${process.pid}$`).test((error as Error).message),
  );
});
