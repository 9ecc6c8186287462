// Parses podman's --detach-keys: comma-separated keys, each a single character or ctrl-X
// (X in a-z, @, [, \, ], ^, _); "" disables detaching. Default "ctrl-p,ctrl-q".
import { BerthError } from './berth-error.ts';

export function parseDetachKeys(text: string): Buffer {
  if (text === '') return Buffer.alloc(0);
  return Buffer.from(
    text.split(',').map((key) => {
      if (key.length === 1) return key.charCodeAt(0);
      const ctrl = /^ctrl-([a-z@[\\\]^_])$/.exec(key);
      if (!ctrl) throw new BerthError('INVALID_ARGUMENT', `invalid detach keys: ${text}`);
      const char = ctrl[1] ?? '';
      return char >= 'a' && char <= 'z' ? char.charCodeAt(0) - 96 : char.charCodeAt(0) - 64;
    }),
  );
}
