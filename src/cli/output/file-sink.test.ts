import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileSink } from './file-sink.ts';

test('a file sink creates its file with the first bytes only, and close waits for them', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'file-sink-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const unused = new FileSink(join(dir, 'unused.tar'));
  unused.destroy();
  await new Promise((resolveClose) => unused.once('close', resolveClose));
  assert.equal(await stat(join(dir, 'unused.tar')).catch(() => undefined), undefined);

  const sink = new FileSink(join(dir, 'out.tar'));
  sink.write('one ');
  sink.write(Buffer.from('two'));
  await sink.close();
  assert.equal(await readFile(join(dir, 'out.tar'), 'utf8'), 'one two');

  const failing = new FileSink(join(dir, 'missing', 'out.tar'));
  failing.write('x');
  await assert.rejects(failing.close(), {
    code: 'INVALID_ARGUMENT',
    message: `creating file "${join(dir, 'missing', 'out.tar')}": open ${join(dir, 'missing', 'out.tar')}: no such file or directory`,
  });
});
