import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { goDuration } from './container-top.ts';

describe('goDuration', () => {
  it('prints seconds as Go time.Duration.String does', () => {
    assert.equal(goDuration(0), '0s');
    assert.equal(goDuration(0.01), '10ms');
    assert.equal(goDuration(1.5), '1.5s');
    assert.equal(goDuration(5.466105337), '5.466105337s');
    assert.equal(goDuration(62.5), '1m2.5s');
    assert.equal(goDuration(3723), '1h2m3s');
  });
});
