import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import type { Digest } from '../lib/digest.ts';
import { chainId, chainIds } from './layer-chain-id.ts';

const sha = (data: string) => `sha256:${createHash('sha256').update(data).digest('hex')}` as Digest;

test('chain IDs follow the OCI formula', () => {
  const [a, b, c] = [sha('a'), sha('b'), sha('c')];
  const second = sha(`${a} ${b}`);
  const third = sha(`${second} ${c}`);
  assert.deepEqual(chainIds([a, b, c]), [a.slice(7), second.slice(7), third.slice(7)]);
  assert.equal(chainId(null, a), a.slice(7));
  assert.equal(chainId(a.slice(7), b), second.slice(7));
  assert.deepEqual(chainIds([]), []);
});
