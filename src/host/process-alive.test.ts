// isProcessLive against real processes: this one, a zombie, a gone pid and a reused one.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { test } from 'node:test';
import { isProcessLive, parseProcessStat, processAlive, readProcessStat } from './process-alive.ts';

test('parseProcessStat reads state and start time after the last parenthesis', () => {
  const line =
    '4242 (a) b (c) S 1 4242 4242 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 987654 1000 10 18446744073709551615';
  assert.deepEqual(parseProcessStat(line), { state: 'S', startTime: 987654 });
  assert.equal(parseProcessStat('garbage'), undefined);
});

test('this process is live with its own start time and not with another one', () => {
  const stat = readProcessStat(process.pid);
  assert.ok(stat);
  assert.equal(isProcessLive(process.pid), true);
  assert.equal(isProcessLive(process.pid, stat.startTime), true);
  assert.equal(isProcessLive(process.pid, stat.startTime + 1), false);
});

test('a pid with no process is not live', () => {
  assert.equal(isProcessLive(2 ** 22 + 1), false);
  assert.equal(readProcessStat(2 ** 22 + 1), undefined);
});

test('a zombie is not live although kill(pid, 0) succeeds on it; processAlive says so too', async () => {
  // `sleep 1` becomes a zombie once the shell has exec'd `sleep 8` (which never reaps it); the 1 s lets the exec happen
  // first, since a shell still running reaps a child that exits early.
  const parent = spawn('sh', ['-c', 'sleep 1 & echo $!; exec sleep 8'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  try {
    const [line] = (await once(parent.stdout, 'data')) as [Buffer];
    const zombie = Number(line.toString().trim());
    const deadline = Date.now() + 10_000;
    while (readProcessStat(zombie)?.state !== 'Z' && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal(readProcessStat(zombie)?.state, 'Z');
    assert.doesNotThrow(() => process.kill(zombie, 0), 'kill(pid, 0) succeeds on a zombie');
    assert.equal(processAlive(zombie), false);
    assert.equal(isProcessLive(zombie), false);
  } finally {
    parent.kill('SIGKILL');
  }
});
