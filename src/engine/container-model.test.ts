import { test } from 'node:test';
import assert from 'node:assert/strict';
import { networkModeName, readContainerConfig } from './container-model.ts';

const base = {
  imageName: 'busybox',
  command: [],
  env: [],
  tty: false,
  interactive: false,
  autoRemove: false,
};

test('rows written before the network mode union load as the union, their -p strings as bindings', () => {
  const bridged = readContainerConfig(
    {
      ...base,
      network: 'bridge',
      networks: ['a', 'b'],
      publish: ['8080:80', '9000-9001:90-91/udp'],
    },
    'x',
  );
  assert.deepEqual(bridged.network, { mode: 'bridge', networks: ['a', 'b'] });
  assert.deepEqual(bridged.ports, [
    { hostIp: '', hostPort: 8080, containerPort: 80, protocol: 'tcp', range: 1 },
    { hostIp: '', hostPort: 9000, containerPort: 90, protocol: 'udp', range: 2 },
  ]);
  assert.equal('publish' in bridged || 'networks' in bridged, false);
  assert.deepEqual(readContainerConfig({ ...base, network: 'bridge' }, 'x').network, {
    mode: 'bridge',
  });
  assert.deepEqual(readContainerConfig({ ...base, network: 'host' }, 'x').network, {
    mode: 'host',
  });
  const joined = readContainerConfig({ ...base, network: 'none', networkContainer: 'abc' }, 'x');
  assert.deepEqual(joined.network, { mode: 'container', container: 'abc' });
  assert.equal('networkContainer' in joined, false);
});

test('current rows load as stored; inspect names each mode as podman does', () => {
  const stored = {
    ...base,
    network: { mode: 'bridge', networks: ['a'] },
    ports: [{ hostIp: '', hostPort: 41000, containerPort: 80, protocol: 'tcp', range: 1 }],
  };
  assert.deepEqual(readContainerConfig(stored, 'x'), stored);
  assert.equal(networkModeName({ mode: 'bridge' }), 'bridge');
  assert.equal(networkModeName({ mode: 'bridge', networks: ['a', 'b'] }), 'a,b');
  assert.equal(networkModeName({ mode: 'container', container: 'abc' }), 'container:abc');
  assert.equal(networkModeName({ mode: 'none' }), 'none');
});
