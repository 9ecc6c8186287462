import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnMonitor } from './monitor-spawn.ts';

test('the attach pipe (fd 5) and every sync message in order, as an exec session conmon writes them', async () => {
  // Stands in for conmon --exec-attach: waits for a start byte, says the socket listens, waits for
  // the second byte, then reports the pid and (in one write) the exit status.
  const script = [
    'head -c1 <&4 >/dev/null',
    'echo \'{"data": 0}\' >&5',
    'head -c1 <&4 >/dev/null',
    'echo \'{"data": 4242}\' >&3',
    'printf \'{"data": 7}\\n\' >&3',
  ].join('; ');
  const monitor = spawnMonitor(['/bin/sh', '-c', script], { cwd: '/', env: {}, attachPipe: true });
  monitor.start();
  assert.deepEqual(await monitor.attachReady, { data: 0 });
  monitor.start();
  assert.deepEqual(await monitor.firstSyncMessage, { data: 4242 });
  assert.deepEqual(await monitor.nextSyncMessage(), { data: 7 });
  await monitor.parentExited;
  await assert.rejects(
    monitor.nextSyncMessage(),
    { code: 'HOST_COMMAND_FAILED' },
    'nothing more once the pipe closed',
  );
  monitor.release();
});

test('without an attach pipe there is no fd 5 and no attachReady', async () => {
  const monitor = spawnMonitor(
    [
      '/bin/sh',
      '-c',
      'test -e /proc/self/fd/5 && echo \'{"data": -5}\' >&3 || echo \'{"data": 5}\' >&3',
    ],
    { cwd: '/', env: {} },
  );
  monitor.start();
  assert.equal(monitor.attachReady, undefined);
  assert.deepEqual(await monitor.firstSyncMessage, { data: 5 });
  await monitor.parentExited;
  monitor.release();
});
