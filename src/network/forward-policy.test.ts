import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forwardDropChains, forwardDropMessage } from './forward-policy.ts';

const docker = JSON.stringify({
  nftables: [
    { metainfo: { version: '1.0.6', json_schema_version: 1 } },
    {
      chain: {
        family: 'ip',
        table: 'filter',
        name: 'FORWARD',
        handle: 2,
        type: 'filter',
        hook: 'forward',
        prio: 0,
        policy: 'drop',
      },
    },
    { chain: { family: 'ip', table: 'filter', name: 'DOCKER-USER', handle: 5 } },
    {
      chain: {
        family: 'ip',
        table: 'filter',
        name: 'INPUT',
        handle: 1,
        type: 'filter',
        hook: 'input',
        prio: 0,
        policy: 'drop',
      },
    },
    {
      chain: {
        family: 'inet',
        table: 'berth-berth',
        name: 'forward',
        handle: 3,
        type: 'filter',
        hook: 'forward',
        prio: 0,
        policy: 'drop',
      },
    },
    {
      chain: {
        family: 'inet',
        table: 'firewalld',
        name: 'filter_FORWARD',
        handle: 9,
        type: 'filter',
        hook: 'forward',
        prio: 10,
        policy: 'accept',
      },
    },
  ],
});

test('forward chains with policy drop are found; input chains, accepting chains and berth tables are not', () => {
  assert.deepEqual(forwardDropChains(docker), [
    { family: 'ip', table: 'filter', chain: 'FORWARD' },
  ]);
  assert.deepEqual(forwardDropChains('{"nftables": []}'), []);
  assert.deepEqual(forwardDropChains('not json'), []);
});

test('the message names the chain and the subnet', () => {
  assert.equal(
    forwardDropMessage([{ family: 'ip', table: 'filter', chain: 'FORWARD' }], '10.88.0.0/16'),
    'the host firewall drops forwarded packets (table ip filter chain FORWARD, policy drop): containers on 10.88.0.0/16 cannot reach other networks until that firewall accepts forwarding for them (docker sets this policy)',
  );
});
