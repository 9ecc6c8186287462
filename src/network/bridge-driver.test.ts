import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BridgeDriver } from './bridge-driver.ts';
import { bridgeNetwork } from './bridge-network.ts';
import type { Endpoint } from './network-driver.ts';
import { CallRecorder, RecordingBridgeHost } from './recording-network-roles.ts';

const id = '0123456789abcdef';
const berth = bridgeNetwork('berth', '10.88.0.0/16');
const other = { ...bridgeNetwork('other', '10.89.0.0/24'), bridge: 'br-other' };
const eth0: Endpoint = {
  network: berth,
  attachment: { containerId: id, ip: '10.88.0.2', ports: [], iface: 'eth0' },
};
const eth1: Endpoint = {
  network: other,
  attachment: { containerId: id, ip: '10.89.0.2', ports: [], iface: 'eth1' },
};

function driverWithBridges(): {
  driver: BridgeDriver;
  host: RecordingBridgeHost;
  recorder: CallRecorder;
} {
  const recorder = new CallRecorder();
  const host = new RecordingBridgeHost(recorder);
  host.links.add('berth0');
  host.links.add('br-other');
  return { driver: new BridgeDriver(host), host, recorder };
}

test('setup: a veth per endpoint into the netns, configured there, the host ARP entry for the address dropped; teardown deletes them, last first', async () => {
  const { driver, host, recorder } = driverWithBridges();
  await driver.setup(id, 4242, [eth0, eth1]);
  assert.deepEqual(recorder.calls, [
    'sysctl net.ipv4.ip_forward=1',
    'ip link add veth0123456789a type veth peer name eth0 netns 4242',
    'ip link set veth0123456789a master berth0',
    'ip link set veth0123456789a up',
    'ip neigh flush to 10.88.0.2 dev berth0',
    'netns 4242 addr add 10.88.0.2/16 dev eth0',
    'netns 4242 link set eth0 up',
    'netns 4242 link set lo up',
    'netns 4242 route add default via 10.88.0.1',
    'ip link add vn10123456789a type veth peer name eth1 netns 4242',
    'ip link set vn10123456789a master br-other',
    'ip link set vn10123456789a up',
    'ip neigh flush to 10.89.0.2 dev br-other',
    'netns 4242 addr add 10.89.0.2/24 dev eth1',
    'netns 4242 link set eth1 up',
    'netns 4242 link set lo up',
  ]);
  recorder.calls.length = 0;
  await driver.teardown(id, [eth0, eth1]);
  assert.deepEqual(recorder.calls, ['ip link del vn10123456789a', 'ip link del veth0123456789a']);
  assert.deepEqual([...host.links], ['berth0', 'br-other']);
});

test('the address failing inside the container: the veth just made is removed before the error', async () => {
  const { driver, host, recorder } = driverWithBridges();
  recorder.failOn('netns 4242 addr add');
  await assert.rejects(driver.setup(id, 4242, [eth0]), /injected failure/);
  assert.deepEqual(recorder.calls.slice(-2), [
    'netns 4242 addr add 10.88.0.2/16 dev eth0',
    'ip link del veth0123456789a',
  ]);
  assert.deepEqual([...host.links], ['berth0', 'br-other']);
});

test('the second endpoint failing half-way through its veth: both veths removed, newest first', async () => {
  const { driver, host, recorder } = driverWithBridges();
  // Twice: the first failure is taken for a stale veth and retried once.
  recorder.failOn('ip link set vn10123456789a master');
  recorder.failOn('ip link set vn10123456789a master');
  await assert.rejects(driver.setup(id, 4242, [eth0, eth1]), /injected failure/);
  assert.deepEqual(recorder.calls.slice(-3), [
    'ip link set vn10123456789a master br-other',
    'ip link del vn10123456789a',
    'ip link del veth0123456789a',
  ]);
  assert.deepEqual([...host.links], ['berth0', 'br-other']);
});

test('a missing bridge is made once (it belongs to the network: a failed setup keeps it), with a MAC of its own', async () => {
  const recorder = new CallRecorder();
  const host = new RecordingBridgeHost(recorder);
  recorder.failOn('netns');
  await assert.rejects(new BridgeDriver(host).setup(id, 4242, [eth0]), /injected failure/);
  // Set explicitly, the kernel keeps it as ports come and go (a locally administered unicast one).
  const mac = /^ip link add berth0 address (\S+) type bridge$/.exec(recorder.calls[1] ?? '')?.[1];
  assert.match(mac ?? '', /^[0-9a-f][26ae](:[0-9a-f]{2}){5}$/, recorder.calls[1]);
  assert.deepEqual(recorder.calls.slice(1, 5), [
    `ip link add berth0 address ${mac} type bridge`,
    'ip addr add 10.88.0.1/16 dev berth0',
    'ip link set berth0 up',
    'sysctl net.ipv4.conf.berth0.route_localnet=1',
  ]);
  assert.deepEqual([...host.links], ['berth0']);
});

test('a stale veth of the same name (a start killed half-way) is replaced', async () => {
  const { driver, host, recorder } = driverWithBridges();
  host.links.add('veth0123456789a');
  recorder.failOn('ip link add veth0123456789a');
  await driver.setup(id, 4242, [eth0]);
  assert.deepEqual(recorder.calls.slice(1, 6), [
    'ip link add veth0123456789a type veth peer name eth0 netns 4242',
    'ip link del veth0123456789a',
    'ip link add veth0123456789a type veth peer name eth0 netns 4242',
    'ip link set veth0123456789a master berth0',
    'ip link set veth0123456789a up',
  ]);
});

test('reconcile removes veths of containers that no longer run, and nothing else', async () => {
  const { driver, host, recorder } = driverWithBridges();
  host.bridgeMembers.set('berth0', [
    'veth0123456789a',
    'vethfedcba98765',
    'vn2fedcba98765',
    'eno1',
  ]);
  await driver.reconcile(berth, [id]);
  assert.deepEqual(recorder.calls, ['ip link del vethfedcba98765', 'ip link del vn2fedcba98765']);
});
