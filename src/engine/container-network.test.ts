import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePublish } from '../network/port-spec.ts';
import { checkPorts, detachContainer } from './container-network.ts';
import { CallRecorder, RecordingNetworkDriver } from '../network/recording-network-roles.ts';
import { openNetworkFixture } from './network-fixture.ts';

const setupCalls = ['bridge.setup c1 eth0@berth 10.88.0.2', 'bridge.setup c1 eth1@net1 10.89.1.2'];

test('attach sets up the interfaces, then each network firewall, then DNS; detach mirrors it', async () => {
  await using fixture = await openNetworkFixture();
  fixture.addNetwork('net1', 1);
  fixture.addContainer('c1', 'web', { network: { mode: 'bridge', networks: ['berth', 'net1'] } });
  await fixture.start('c1', parsePublish('8080:80'));
  assert.deepEqual(fixture.recorder.calls, [
    ...setupCalls,
    'firewall.apply berth 10.88.0.2 8080->80/tcp',
    'firewall.apply net1 10.89.1.2',
    'dns.write net1: web,c1@10.89.1.2',
    'dns.start',
  ]);
  fixture.recorder.calls.length = 0;
  await detachContainer(fixture.ctx, 'c1', fixture.roles);
  assert.deepEqual(fixture.recorder.calls, [
    'dns.write',
    'dns.stop',
    'firewall.remove berth',
    'firewall.remove net1',
    'bridge.teardown c1 eth1@net1 10.89.1.2',
    'bridge.teardown c1 eth0@berth 10.88.0.2',
  ]);
});

test('a firewall failing on the second network: the first rules, the interfaces and the addresses are undone at once', async () => {
  await using fixture = await openNetworkFixture();
  fixture.addNetwork('net1', 1);
  fixture.addContainer('c1', 'web', { network: { mode: 'bridge', networks: ['berth', 'net1'] } });
  fixture.recorder.failOn('firewall.apply net1');
  await assert.rejects(fixture.start('c1', parsePublish('8080:80')), /injected failure/);
  assert.deepEqual(fixture.recorder.calls, [
    ...setupCalls,
    'firewall.apply berth 10.88.0.2 8080->80/tcp',
    'firewall.apply net1 10.89.1.2',
    'firewall.remove berth',
    'bridge.teardown c1 eth1@net1 10.89.1.2',
    'bridge.teardown c1 eth0@berth 10.88.0.2',
  ]);
  const data = fixture.stateOf('c1');
  assert.equal(data.network, undefined);
  assert.equal(data.extraNetworks, undefined);
  // The addresses are free again: the next container gets them.
  fixture.addContainer('c2', 'db', { network: { mode: 'bridge', networks: ['berth', 'net1'] } });
  await fixture.start('c2');
  assert.equal(fixture.stateOf('c2').network?.ip, '10.88.0.2');
  assert.equal(fixture.stateOf('c2').extraNetworks?.[0]?.ip, '10.89.1.2');
});

test('a driver failing half-way undoes its own interfaces; no firewall or DNS is touched and the addresses are released', async () => {
  await using fixture = await openNetworkFixture();
  fixture.addNetwork('net1', 1);
  fixture.addContainer('c1', 'web', { network: { mode: 'bridge', networks: ['berth', 'net1'] } });
  fixture.recorder.failAt(2);
  await assert.rejects(fixture.start('c1'), /injected failure at step 2/);
  assert.deepEqual(fixture.recorder.calls, [...setupCalls, 'bridge.undo c1 eth0@berth 10.88.0.2']);
  assert.equal(fixture.stateOf('c1').network, undefined);
});

test('DNS failing to start: names, rules and interfaces are undone newest first', async () => {
  await using fixture = await openNetworkFixture();
  fixture.addNetwork('net1', 1);
  fixture.addContainer('c1', 'web', { network: { mode: 'bridge', networks: ['net1'] } });
  fixture.recorder.failOn('dns.start');
  await assert.rejects(fixture.start('c1'), /injected failure/);
  assert.deepEqual(fixture.recorder.calls, [
    'bridge.setup c1 eth0@net1 10.89.1.2',
    'firewall.apply net1 10.89.1.2',
    'dns.write net1: web,c1@10.89.1.2',
    'dns.start',
    'dns.write',
    'dns.stop',
    'firewall.remove net1',
    'bridge.teardown c1 eth0@net1 10.89.1.2',
  ]);
  assert.equal(fixture.stateOf('c1').network, undefined);
});

test('a container leaving keeps the others rules and names', async () => {
  await using fixture = await openNetworkFixture();
  fixture.addNetwork('net1', 1);
  fixture.addContainer('c1', 'web', { network: { mode: 'bridge', networks: ['net1'] } });
  fixture.addContainer('c2', 'db', {
    network: { mode: 'bridge', networks: ['net1'] },
    netOptions: { aliases: ['sql'] },
  });
  await fixture.start('c1');
  await fixture.start('c2');
  fixture.recorder.calls.length = 0;
  await detachContainer(fixture.ctx, 'c1', fixture.roles);
  assert.deepEqual(fixture.recorder.calls, [
    'dns.write net1: db,sql,c2@10.89.1.3',
    'dns.start',
    'firewall.apply net1 10.89.1.3',
    'bridge.teardown c1 eth0@net1 10.89.1.2',
  ]);
});

test('none, host and container:ID have their own driver, asked for set-up and teardown only', async () => {
  await using fixture = await openNetworkFixture();
  fixture.addContainer('c1', 'a', { network: { mode: 'none' } });
  fixture.addContainer('c2', 'b', { network: { mode: 'host' } });
  fixture.addContainer('c3', 'c', { network: { mode: 'container', container: 'c1' } });
  for (const id of ['c1', 'c2', 'c3']) {
    await fixture.start(id);
    await detachContainer(fixture.ctx, id, fixture.roles);
  }
  assert.deepEqual(fixture.recorder.calls, [
    'none.setup c1',
    'none.teardown c1',
    'host.setup c2',
    'host.teardown c2',
    'container.setup c3',
    'container.teardown c3',
  ]);
});

test('detach carries on past a failing step: rules and interfaces go even when DNS cannot reload, then the error', async () => {
  await using fixture = await openNetworkFixture();
  fixture.addNetwork('net1', 1);
  fixture.addContainer('c1', 'web', { network: { mode: 'bridge', networks: ['net1'] } });
  await fixture.start('c1');
  fixture.recorder.calls.length = 0;
  fixture.recorder.failOn('dns.write');
  await assert.rejects(detachContainer(fixture.ctx, 'c1', fixture.roles), /injected failure/);
  assert.deepEqual(fixture.recorder.calls, [
    'dns.write',
    'firewall.remove net1',
    'bridge.teardown c1 eth0@net1 10.89.1.2',
  ]);
});

test('a published port the driver finds taken is refused in podman words', async () => {
  const driver = new RecordingNetworkDriver(new CallRecorder());
  driver.portsInUse.push(8080);
  await checkPorts(parsePublish('8081:80'), driver);
  await assert.rejects(
    checkPorts(parsePublish('127.0.0.1:8080:80'), driver),
    /cannot listen on the TCP port: listen tcp4 127\.0\.0\.1:8080: bind: address already in use/,
  );
});
