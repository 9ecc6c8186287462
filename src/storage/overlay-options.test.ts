import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  lowerChain,
  mountOptionsLimitBytes,
  newShortLink,
  overlayMountOptions,
} from './overlay-options.ts';

test('short links are 26 characters from [A-Z0-9] and differ', () => {
  const links = new Set(Array.from({ length: 1000 }, newShortLink));
  assert.equal(links.size, 1000);
  for (const link of links) assert.match(link, /^[A-Z0-9]{26}$/);
});

test('the mount options of a 120-layer chain fit in one page', () => {
  const id = 'f'.repeat(64);
  const lower = lowerChain(Array.from({ length: 120 }, newShortLink));
  const options = overlayMountOptions({
    lowerDirs: lower.split(':'),
    upperDir: `${id}/diff`,
    workDir: `${id}/work`,
  });
  assert.ok(Buffer.byteLength(options) < mountOptionsLimitBytes, `${options.length} bytes`);
  assert.match(
    options,
    /^lowerdir=l\/[A-Z0-9]{26}(:l\/[A-Z0-9]{26}){119},upperdir=f{64}\/diff,workdir=f{64}\/work$/,
  );
});

test('a chain too long for one page is refused with STORAGE, not truncated', () => {
  const lowerDirs = Array.from({ length: 200 }, () => `l/${newShortLink()}`);
  assert.throws(() => overlayMountOptions({ lowerDirs, upperDir: 'u', workDir: 'w' }), {
    code: 'STORAGE',
  });
});

test('lowerChain lists ancestors nearest first', () => {
  assert.equal(lowerChain(['AAA', 'BBB']), 'l/AAA:l/BBB');
  assert.equal(lowerChain([]), '');
});
