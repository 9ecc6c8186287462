import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isBerthError } from '../lib/berth-error.ts';
import { parseEntrypoint, resolveCommand } from './resolve-command.ts';
import type { ImageConfigSection } from './spec-input.ts';

// The image from the reference §8: ENTRYPOINT ["/bin/echo","ep"] CMD ["cmd1","cmd2"].
const image: ImageConfigSection = { Entrypoint: ['/bin/echo', 'ep'], Cmd: ['cmd1', 'cmd2'] };

describe('resolveCommand (podman makeCommand, reference §8 table)', () => {
  it('no flags: entrypoint ++ image CMD', () => {
    assert.deepEqual(resolveCommand(image, []), ['/bin/echo', 'ep', 'cmd1', 'cmd2']);
  });
  it('CLI args replace the image CMD but keep the entrypoint', () => {
    assert.deepEqual(resolveCommand(image, ['x', 'y']), ['/bin/echo', 'ep', 'x', 'y']);
  });
  it('--entrypoint /bin/sh drops the image CMD', () => {
    assert.deepEqual(resolveCommand(image, [], '/bin/sh'), ['/bin/sh']);
  });
  it('--entrypoint /bin/sh … -c id', () => {
    assert.deepEqual(resolveCommand(image, ['-c', 'id'], '/bin/sh'), ['/bin/sh', '-c', 'id']);
  });
  it("--entrypoint '' … ls drops the entrypoint entirely", () => {
    assert.deepEqual(resolveCommand(image, ['ls'], ''), ['ls']);
  });
  it('--entrypoint as a JSON array', () => {
    assert.deepEqual(resolveCommand(image, ['echo hi'], '["/bin/sh","-c"]'), [
      '/bin/sh',
      '-c',
      'echo hi',
    ]);
  });
});

describe('resolveCommand edge cases', () => {
  it("--entrypoint '' with no args gives podman's [''] fallback", () => {
    assert.deepEqual(resolveCommand(image, [], ''), ['']);
  });
  it('an image with only Cmd', () => {
    assert.deepEqual(resolveCommand({ Cmd: ['sh'] }, []), ['sh']);
  });
  it('null Entrypoint/Cmd and no args → [""]', () => {
    assert.deepEqual(resolveCommand({ Entrypoint: null, Cmd: null }, []), ['']);
  });
  it('an image Entrypoint of [""] is dropped too', () => {
    assert.deepEqual(resolveCommand({ Entrypoint: [''], Cmd: ['sh'] }, []), ['sh']);
  });
  it('a plain string that is not JSON is taken literally', () => {
    assert.deepEqual(parseEntrypoint('/bin/my prog'), ['/bin/my prog']);
    assert.deepEqual(parseEntrypoint('{"a":1}'), ['{"a":1}']);
  });
  it('rejects a broken JSON array with INVALID_ARGUMENT', () => {
    for (const bad of ['["/bin/sh"', '[1,2]', '["a", null]']) {
      assert.throws(
        () => resolveCommand(image, [], bad),
        (error: unknown) => isBerthError(error) && error.code === 'INVALID_ARGUMENT',
        bad,
      );
    }
  });
});
