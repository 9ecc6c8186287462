import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDetachKeys } from './detach-keys.ts';

test('detach keys as podman spells them become the bytes a terminal sends', () => {
  assert.deepEqual([...parseDetachKeys('ctrl-p,ctrl-q')], [0x10, 0x11]);
  assert.deepEqual([...parseDetachKeys('ctrl-a')], [0x01]);
  assert.deepEqual([...parseDetachKeys('ctrl-@,ctrl-_')], [0x00, 0x1f]);
  assert.deepEqual([...parseDetachKeys('x,ctrl-[')], [0x78, 0x1b]);
  assert.equal(parseDetachKeys('').length, 0, 'empty disables detaching');
  assert.throws(() => parseDetachKeys('ctrl-1'), {
    code: 'INVALID_ARGUMENT',
    message: 'invalid detach keys: ctrl-1',
  });
  assert.throws(() => parseDetachKeys('ab'), { code: 'INVALID_ARGUMENT' });
});
