import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allocateAddress, parseSubnet } from './ipam.ts';
import { formatPortMapping, parsePublish } from './port-spec.ts';
import { bridgeNetwork, containerSetupBatch, hostSetupBatch, vethName } from './bridge-network.ts';
import { deleteTableBatch, renderRuleset } from './nft-ruleset.ts';

test('-p forms as podman parses them', () => {
  assert.deepEqual(parsePublish('8080:80'), [
    { hostIp: '', hostPort: 8080, containerPort: 80, protocol: 'tcp' },
  ]);
  assert.deepEqual(parsePublish('127.0.0.1:3306:3306/tcp'), [
    { hostIp: '127.0.0.1', hostPort: 3306, containerPort: 3306, protocol: 'tcp' },
  ]);
  assert.deepEqual(parsePublish('53/udp'), [
    { hostIp: '', hostPort: 0, containerPort: 53, protocol: 'udp' },
  ]);
  assert.deepEqual(
    parsePublish('9000-9001:90-91').map((m) => [m.hostPort, m.containerPort]),
    [
      [9000, 90],
      [9001, 91],
    ],
  );
  assert.throws(() => parsePublish('8080:'), /invalid port format "8080:"/);
  assert.throws(() => parsePublish('70000'), /invalid port format/);
  assert.throws(() => parsePublish('1-3:1-2'), /different lengths/);
  assert.throws(() => parsePublish('80/sctp'), /invalid protocol "sctp"/);
  assert.equal(
    formatPortMapping({ hostIp: '', hostPort: 8080, containerPort: 8080, protocol: 'tcp' }),
    '8080/tcp -> 0.0.0.0:8080',
  );
});

test('IPAM hands out the lowest free address after the gateway and refuses a full subnet', () => {
  const subnet = parseSubnet('10.88.0.0/16');
  assert.equal(allocateAddress(subnet, new Set()), '10.88.0.2');
  assert.equal(allocateAddress(subnet, new Set(['10.88.0.2', '10.88.0.3'])), '10.88.0.4');
  const tiny = parseSubnet('10.99.7.0/30');
  assert.equal(allocateAddress(tiny, new Set()), '10.99.7.2');
  assert.throws(() => allocateAddress(tiny, new Set(['10.99.7.2'])), /failed to find free IP/);
  assert.equal(
    parseSubnet('10.88.3.4/16').network,
    parseSubnet('10.88.0.0/16').network,
    'host bits are masked',
  );
});

test('bridge batches and the nftables ruleset follow from the network and its containers', () => {
  const network = bridgeNetwork('berth', '10.88.0.0/16');
  assert.equal(network.bridge, 'berth0');
  assert.equal(network.gateway, '10.88.0.1');
  assert.equal(bridgeNetwork('a-very-long-network-name', '10.89.0.0/24').bridge.length <= 15, true);
  const id = 'abcdef0123456789'.repeat(4);
  const attachment = { containerId: id, ip: '10.88.0.2', ports: parsePublish('8080:80') };
  assert.deepEqual(hostSetupBatch(network, attachment, 4242), [
    `link add ${vethName(id)} type veth peer name eth0 netns 4242`,
    `link set ${vethName(id)} master berth0`,
    `link set ${vethName(id)} up`,
    'neigh flush to 10.88.0.2 dev berth0',
  ]);
  assert.ok(vethName(id).length <= 15);
  assert.deepEqual(containerSetupBatch(network, attachment), [
    'addr add 10.88.0.2/16 dev eth0',
    'link set eth0 up',
    'link set lo up',
    'route add default via 10.88.0.1',
  ]);
  const rules = renderRuleset(network, [attachment]);
  assert.match(
    rules,
    /^table inet berth-berth\ndelete table inet berth-berth\ntable inet berth-berth \{/,
  );
  assert.match(rules, /\n {4}tcp dport 8080 dnat ip to 10\.88\.0\.2:80\n/);
  assert.match(
    rules,
    /type nat hook output priority -100;[\s\S]*fib daddr type local jump portmap/,
  );
  assert.match(
    rules,
    /ip saddr 10\.88\.0\.0\/16 ip daddr != 10\.88\.0\.0\/16 ip daddr != 224\.0\.0\.0\/4 masquerade/,
  );
  assert.match(
    rules,
    /ip saddr 127\.0\.0\.0\/8 ip daddr 10\.88\.0\.0\/16 ct status dnat masquerade/,
  );
  const bound = renderRuleset(network, [
    { ...attachment, ports: parsePublish('127.0.0.1:3306:3306') },
  ]);
  assert.match(bound, /ip daddr 127\.0\.0\.1 tcp dport 3306 dnat ip to 10\.88\.0\.2:3306/);
  assert.equal(
    deleteTableBatch(network),
    'table inet berth-berth\ndelete table inet berth-berth\n',
  );
});

test('user networks: subnet planning refuses overlaps, ip-range and --ip addresses, aardvark config lines', async () => {
  const { planSubnet, randomMac } = await import('./network-definition.ts');
  const { allocateInRange, subnetContains, subnetsOverlap } = await import('./ipam.ts');
  const { renderAardvarkConfig } = await import('./aardvark-config.ts');
  assert.throws(
    () => planSubnet({ name: 'a', subnet: '10.88.5.0/24' }, ['10.88.0.0/16']),
    /^Error: subnet 10\.88\.5\.0\/24 is already used on the host or by another config$|already used/,
  );
  assert.deepEqual(
    planSubnet({ name: 'a' }, ['10.88.0.0/16', '10.89.0.0/24']).gateway,
    '10.89.1.1',
  );
  assert.throws(
    () => planSubnet({ name: 'a', subnet: '10.90.0.0/24', gateway: '10.91.0.1' }, []),
    /not in subnet/,
  );
  const planned = planSubnet({ name: 'a', subnet: '10.90.0.0/24', ipRange: '10.90.0.128/25' }, []);
  assert.equal(
    allocateInRange(planned.subnet, new Set(['10.90.0.1']), planned.ipRange),
    '10.90.0.128',
  );
  assert.equal(allocateInRange(parseSubnet('10.90.0.0/24'), new Set(['10.90.0.1'])), '10.90.0.2');
  assert.ok(subnetContains(parseSubnet('10.90.0.0/24'), '10.90.0.77'));
  assert.ok(!subnetsOverlap(parseSubnet('10.90.0.0/24'), parseSubnet('10.90.1.0/24')));
  assert.match(randomMac(new Uint8Array([255, 1, 2, 3, 4, 5])), /^fe:01:02:03:04:05$/);
  assert.equal(
    renderAardvarkConfig('10.90.0.1', [
      { containerId: 'abc', ip: '10.90.0.2', names: ['web', 'www', 'web'] },
    ]),
    '10.90.0.1\nabc 10.90.0.2  web,www\n',
  );
});

test('an internal network gets no masquerade and drops traffic leaving its subnet', () => {
  const network = { ...bridgeNetwork('inner', '10.91.0.0/24'), internal: true };
  const ruleset = renderRuleset(network, [{ containerId: 'c1', ip: '10.91.0.2', ports: [] }]);
  assert.doesNotMatch(ruleset, /ip daddr != 224\.0\.0\.0\/4 masquerade/);
  assert.match(ruleset, /ip saddr 10\.91\.0\.0\/24 ip daddr != 10\.91\.0\.0\/24 drop/);
  assert.deepEqual(
    containerSetupBatch(network, {
      containerId: 'c1',
      ip: '10.91.0.2',
      ports: [],
      iface: 'eth1',
      mac: '02:00:00:00:00:01',
    }),
    [
      'link set eth1 address 02:00:00:00:00:01',
      'addr add 10.91.0.2/24 dev eth1',
      'link set eth1 up',
      'link set lo up',
    ],
  );
  assert.equal(vethName('0123456789abcdef', 'eth2'), 'vn20123456789a');
});
