import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { bridgeNetwork } from './bridge-network.ts';
import { NoFirewall, type Firewall } from './firewall.ts';
import { NftFirewall } from './nft-firewall.ts';
import { parsePublish } from './port-spec.ts';

const network = bridgeNetwork('berth', '10.88.0.0/16');
const web = { containerId: 'c1', ip: '10.88.0.2', ports: parsePublish('8080:80') };
const db = { containerId: 'c2', ip: '10.88.0.3', ports: parsePublish('127.0.0.1:3306:3306') };

/** Runs argv inside the named network namespace; throws with its stderr on failure. */
function inNetns(netns: string, argv: string[], input?: string): string {
  const result = spawnSync('ip', ['netns', 'exec', netns, ...argv], { input, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${argv.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

const root = process.getuid?.() === 0;

test(
  'NftFirewall in a private network namespace: apply replaces the whole table, remove deletes it (twice is fine)',
  { skip: !root && 'needs root' },
  (t) => {
    const netns = `berth-test-${randomBytes(4).toString('hex')}`;
    assert.equal(spawnSync('ip', ['netns', 'add', netns]).status, 0);
    t.after(() => spawnSync('ip', ['netns', 'del', netns]));
    const firewall: Firewall = new NftFirewall((batch) =>
      inNetns(netns, ['nft', '-f', '-'], batch),
    );
    const table = () => inNetns(netns, ['nft', 'list', 'table', 'inet', 'berth-berth']);
    firewall.apply(network, [web, db]);
    assert.match(table(), /tcp dport 8080 dnat ip to 10\.88\.0\.2:80/);
    assert.match(table(), /ip daddr 127\.0\.0\.1 tcp dport 3306 dnat ip to 10\.88\.0\.3:3306/);
    firewall.apply(network, [db]);
    assert.doesNotMatch(table(), /8080/, 'the first ruleset is replaced, not added to');
    firewall.remove(network);
    assert.throws(table, /No such file or directory|does not exist/);
    firewall.remove(network);
  },
);

test('NoFirewall accepts every change and applies nothing', () => {
  const firewall: Firewall = new NoFirewall();
  firewall.apply(network, [web]);
  firewall.remove(network);
});
