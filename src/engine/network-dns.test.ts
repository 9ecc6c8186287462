import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readProcessStat } from '../host/process-alive.ts';
import { tryAcquire } from './named-lock.ts';
import { detachContainer } from './container-network.ts';
import { syncDns } from './network-dns.ts';
import { openNetworkFixture } from './network-fixture.ts';

test('without a DNS network, and DNS never used, the DNS server is never asked', async () => {
  await using fixture = await openNetworkFixture();
  fixture.addNetwork('quiet', 1, { dnsEnabled: false });
  fixture.addContainer('c1', 'web', { network: { mode: 'bridge', networks: ['berth', 'quiet'] } });
  await fixture.start('c1');
  await detachContainer(fixture.ctx, 'c1', fixture.roles);
  assert.deepEqual(fixture.recorder.only('dns.'), []);
});

test('tables are written before the server starts or reloads; it stops once no name is left', async () => {
  await using fixture = await openNetworkFixture();
  fixture.addNetwork('net1', 1);
  fixture.addNetwork('quiet', 2, { dnsEnabled: false });
  fixture.addContainer('c1', 'web', { network: { mode: 'bridge', networks: ['net1', 'quiet'] } });
  fixture.addContainer('c2', 'db', { network: { mode: 'bridge', networks: ['net1'] } });
  await fixture.start('c1');
  await fixture.start('c2');
  await detachContainer(fixture.ctx, 'c1', fixture.roles);
  // As cleanup leaves it: exited, no addresses.
  fixture.ctx.state.write(() => fixture.ctx.state.containers.updateState('c1', 'exited', {}));
  await detachContainer(fixture.ctx, 'c2', fixture.roles);
  assert.deepEqual(fixture.recorder.only('dns.'), [
    'dns.write net1: web,c1@10.89.1.2',
    'dns.start',
    'dns.write net1: web,c1@10.89.1.2 db,c2@10.89.1.3',
    'dns.start',
    'dns.write net1: db,c2@10.89.1.3',
    'dns.start',
    'dns.write',
    'dns.stop',
  ]);
});

test('once DNS was used, a sync after the last DNS network is removed empties the tables and stops the server', async () => {
  await using fixture = await openNetworkFixture();
  fixture.addNetwork('net1', 1);
  fixture.addContainer('c1', 'web', { network: { mode: 'bridge', networks: ['net1'] } });
  await fixture.start('c1');
  fixture.ctx.state.write(() => {
    fixture.ctx.state.containers.updateState('c1', 'exited', {});
    fixture.ctx.state.networks.delete('net1');
  });
  fixture.recorder.calls.length = 0;
  await syncDns(fixture.ctx, fixture.dns);
  assert.deepEqual(fixture.recorder.calls, ['dns.write', 'dns.stop']);
});

test('a sync waits for the aardvark lock another process holds, and goes on once that process is killed', async () => {
  await using fixture = await openNetworkFixture();
  fixture.addNetwork('net1', 1);
  fixture.addContainer('c1', 'web', { network: { mode: 'bridge', networks: ['net1'] } });
  const holder = spawn('sleep', ['30'], { stdio: 'ignore' });
  await once(holder, 'spawn');
  const pid = holder.pid ?? 0;
  assert.ok(
    tryAcquire(fixture.ctx.state, 'aardvark', {
      pid,
      startTime: readProcessStat(pid)?.startTime ?? 0,
      token: 'other',
    }),
  );
  const started = fixture.start('c1');
  await new Promise((resolvePromise) => setTimeout(resolvePromise, 100));
  assert.deepEqual(fixture.recorder.only('dns.'), [], 'nothing written while the lock is held');
  holder.kill('SIGKILL');
  await started;
  assert.deepEqual(fixture.recorder.only('dns.'), [
    'dns.write net1: web,c1@10.89.1.2',
    'dns.start',
  ]);
});
