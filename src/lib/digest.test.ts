import { test } from 'node:test';
import assert from 'node:assert/strict';
import { digestHex, parseDigest, sha256Digest, digestFromHex } from './digest.ts';

const emptySha = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

test('sha256Digest hashes bytes and digestHex strips the algorithm', () => {
  const digest = sha256Digest(Buffer.alloc(0));
  assert.equal(digest, `sha256:${emptySha}`);
  assert.equal(digestHex(digest), emptySha);
  assert.equal(digestFromHex(emptySha), digest);
});

test('parseDigest accepts sha256:<64 hex> and rejects anything else with INVALID_ARGUMENT', () => {
  assert.equal(parseDigest(`sha256:${emptySha}`), `sha256:${emptySha}`);
  for (const bad of [
    '',
    emptySha,
    `sha256:${emptySha.toUpperCase()}`,
    `sha256:${emptySha}0`,
    `sha512:${emptySha}`,
  ]) {
    assert.throws(() => parseDigest(bad), { code: 'INVALID_ARGUMENT' }, bad);
  }
});
