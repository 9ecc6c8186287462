import { test } from 'node:test';
import assert from 'node:assert/strict';
import { proxySignals } from './signal-proxy.ts';

test('--sig-proxy forwards SIGINT, SIGTERM and SIGHUP while installed, and removes its handlers', () => {
  const names = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  const before = names.map((name) => process.listenerCount(name));
  const forwarded: string[] = [];
  const stop = proxySignals((signal) => forwarded.push(signal));
  for (const name of names) process.emit(name, name);
  assert.deepEqual(forwarded, ['SIGINT', 'SIGTERM', 'SIGHUP']);
  stop();
  assert.deepEqual(
    names.map((name) => process.listenerCount(name)),
    before,
  );
});
