import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deleteNetwork, reloadNetworks } from './network-verbs.ts';
import { openNetworkFixture } from './network-fixture.ts';

test('reload frees what containers not running hold, reconciles every network with its running containers, then rules, then DNS', async () => {
  await using fixture = await openNetworkFixture();
  fixture.addNetwork('net1', 1);
  fixture.addContainer('c1', 'web', { network: { mode: 'bridge', networks: ['net1'] } });
  fixture.addContainer('c2', 'half', { network: { mode: 'bridge', networks: ['net1'] } });
  await fixture.start('c1');
  await fixture.start('c2');
  // c1 runs; c2 is a start that was killed half-way (still `created`).
  fixture.ctx.state.write(() =>
    fixture.ctx.state.containers.updateState('c1', 'running', fixture.stateOf('c1')),
  );
  fixture.recorder.calls.length = 0;
  assert.deepEqual(await reloadNetworks(fixture.ctx, fixture.roles), ['c1']);
  assert.deepEqual(fixture.recorder.calls, [
    'bridge.reconcile berth',
    'firewall.remove berth',
    'bridge.reconcile net1 c1',
    'firewall.apply net1 10.89.1.2',
    'dns.write net1: web,c1@10.89.1.2',
    'dns.start',
  ]);
  assert.equal(fixture.stateOf('c2').network, undefined);
});

test('network rm removes the firewall table, then the bridge, then the DNS table', async () => {
  await using fixture = await openNetworkFixture();
  fixture.addNetwork('net1', 1);
  fixture.addContainer('c1', 'web', { network: { mode: 'bridge', networks: ['net1'] } });
  await fixture.start('c1');
  fixture.ctx.state.write(() => fixture.ctx.state.containers.updateState('c1', 'exited', {}));
  fixture.recorder.calls.length = 0;
  await deleteNetwork(fixture.ctx, 'net1', fixture.roles);
  assert.deepEqual(fixture.recorder.calls, [
    'firewall.remove net1',
    'bridge.remove net1',
    'dns.write',
    'dns.stop',
  ]);
});
