import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  assignHostPorts,
  bindingPorts,
  checkBindingConflicts,
  parseExpose,
  parsePortBinding,
  publishAllBindings,
  type PortBinding,
} from './port-spec.ts';

const tcp = (containerPort: number, hostPort = 0, range = 1): PortBinding => ({
  hostIp: '',
  hostPort,
  containerPort,
  protocol: 'tcp',
  range,
});

test('-p parses once into one binding per spec, a range kept as a range', () => {
  assert.deepEqual(parsePortBinding('80'), tcp(80));
  assert.deepEqual(parsePortBinding('127.0.0.1::80/udp'), {
    hostIp: '127.0.0.1',
    hostPort: 0,
    containerPort: 80,
    protocol: 'udp',
    range: 1,
  });
  assert.deepEqual(parsePortBinding('9000-9002:90-92'), tcp(90, 9000, 3));
  assert.deepEqual(parsePortBinding('[::1]:8080:80'), { ...tcp(80, 8080), hostIp: '::1' });
  assert.deepEqual(
    bindingPorts(tcp(90, 9000, 2)).map((port) => [port.hostPort, port.containerPort]),
    [
      [9000, 90],
      [9001, 91],
    ],
  );
});

test('--expose and image EXPOSE keys: one port each, ranges spread, protocol checked', () => {
  assert.deepEqual(parseExpose('8080'), [{ port: 8080, protocol: 'tcp' }]);
  assert.deepEqual(parseExpose('53/udp'), [{ port: 53, protocol: 'udp' }]);
  assert.deepEqual(
    parseExpose('7000-7001').map((entry) => entry.port),
    [7000, 7001],
  );
  assert.throws(() => parseExpose('80/tcp/udp'), /protocol can only be specified once/);
  assert.throws(() => parseExpose('x'), /invalid port format/);
});

test('-P publishes every exposed port no -p covers, once, in port order', () => {
  const published = [tcp(80, 8080)];
  assert.deepEqual(publishAllBindings(['443/tcp', '80/tcp', '53/udp', '443'], published), [
    { hostIp: '', hostPort: 0, containerPort: 53, protocol: 'udp', range: 1 },
    tcp(443),
  ]);
});

test('one container cannot bind the same host port twice', () => {
  assert.throws(
    () => checkBindingConflicts([tcp(80, 8080), tcp(81, 8079, 2)]),
    /conflicting port mappings for host port 8080 \(protocol tcp\)$/,
  );
  assert.doesNotThrow(() => checkBindingConflicts([tcp(80), tcp(81), tcp(80, 8080)]));
});

test('host port 0 gets the candidate port; taken, unusable or overflowing candidates are skipped', async () => {
  const offers = [8080, 65535, 30000, 30001, 40000];
  const candidate = async () => offers.shift() ?? 0;
  const usable = async (_binding: PortBinding, start: number) => start !== 30000;
  const assigned = await assignHostPorts(
    [tcp(80, 8080), tcp(90, 0, 2), tcp(81)],
    candidate,
    usable,
  );
  // 8080 is this container's own, 65535 cannot hold a range of 2, 30000 is refused by the host.
  assert.deepEqual(assigned, [tcp(80, 8080), tcp(90, 30001, 2), tcp(81, 40000)]);
});

test('no free port after 15 tries: podman error', async () => {
  await assert.rejects(
    assignHostPorts(
      [tcp(80, 0, 3)],
      async () => 1000,
      async () => false,
    ),
    /failed to find an open port to expose container port 80 with range 3 on the host$/,
  );
});
