import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connectContainer, disconnectContainer } from './network-connect.ts';
import { openNetworkFixture, type NetworkFixture } from './network-fixture.ts';

/** A running container on the default network, as a start leaves it. */
async function runningWeb(fixture: NetworkFixture): Promise<void> {
  fixture.addNetwork('net1', 1);
  fixture.addContainer('c1', 'web');
  await fixture.start('c1');
  fixture.ctx.state.write(() =>
    fixture.ctx.state.containers.updateState('c1', 'running', {
      ...fixture.stateOf('c1'),
      pid: 4242,
    }),
  );
  fixture.recorder.calls.length = 0;
}

test('connect sets up the new interface, then its firewall, then DNS; disconnect mirrors it', async () => {
  await using fixture = await openNetworkFixture();
  await runningWeb(fixture);
  await connectContainer(fixture.ctx, 'c1', 'net1', ['www'], fixture.roles);
  assert.deepEqual(fixture.recorder.calls, [
    'bridge.setup c1 eth1@net1 10.89.1.2',
    'firewall.apply net1 10.89.1.2',
    'dns.write net1: web,www,c1@10.89.1.2',
    'dns.start',
  ]);
  const config = fixture.ctx.state.containers.get('c1')?.config as {
    network: { networks?: string[] };
  };
  assert.deepEqual(config.network.networks, ['berth', 'net1']);
  fixture.recorder.calls.length = 0;
  await disconnectContainer(fixture.ctx, 'c1', 'net1', fixture.roles);
  assert.deepEqual(fixture.recorder.calls, [
    'dns.write',
    'dns.stop',
    'firewall.remove net1',
    'bridge.teardown c1 eth1@net1 10.89.1.2',
  ]);
  assert.equal(fixture.stateOf('c1').extraNetworks, undefined);
  assert.equal(fixture.stateOf('c1').network?.ip, '10.88.0.2');
});

test('a connect failing half-way leaves the container as it was: interface, rules, names, address and stored networks', async () => {
  await using fixture = await openNetworkFixture();
  await runningWeb(fixture);
  const before = fixture.ctx.state.containers.get('c1');
  fixture.recorder.failOn('dns.start');
  await assert.rejects(
    connectContainer(fixture.ctx, 'c1', 'net1', ['www'], fixture.roles),
    /injected failure/,
  );
  assert.deepEqual(fixture.recorder.calls, [
    'bridge.setup c1 eth1@net1 10.89.1.2',
    'firewall.apply net1 10.89.1.2',
    'dns.write net1: web,www,c1@10.89.1.2',
    'dns.start',
    'dns.write',
    'dns.stop',
    'firewall.remove net1',
    'bridge.teardown c1 eth1@net1 10.89.1.2',
  ]);
  const after = fixture.ctx.state.containers.get('c1');
  assert.deepEqual(after?.config, before?.config);
  assert.deepEqual(after?.stateData, before?.stateData);
});

test('connect of a running container without a process changes nothing', async () => {
  await using fixture = await openNetworkFixture();
  fixture.addNetwork('net1', 1);
  fixture.addContainer('c1', 'web', {}, 'running', {});
  const before = fixture.ctx.state.containers.get('c1');
  await assert.rejects(
    connectContainer(fixture.ctx, 'c1', 'net1', [], fixture.roles),
    /container c1 has no process/,
  );
  assert.deepEqual(fixture.ctx.state.containers.get('c1'), before);
  assert.deepEqual(fixture.recorder.calls, []);
});
