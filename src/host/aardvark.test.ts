import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { aardvarkConfigured, writeAardvarkFiles } from './aardvark.ts';

test('the config dir ends up holding exactly the network files given, and aardvark pid file', async (t) => {
  const parent = await mkdtemp(join(tmpdir(), 'berth-aardvark-'));
  t.after(() => rm(parent, { recursive: true, force: true }));
  const dir = join(parent, 'aardvark');
  assert.equal(aardvarkConfigured(dir), false);
  await mkdir(dir);
  await writeFile(join(dir, 'aardvark.pid'), '123');
  await writeFile(join(dir, 'gone'), 'a removed network');
  await writeFile(join(dir, 'net1'), 'old');
  writeAardvarkFiles(dir, [
    { name: 'net1', content: '10.89.1.1\nc1 10.89.1.2  web\n' },
    { name: 'net2', content: '10.89.2.1\n' },
  ]);
  assert.equal(aardvarkConfigured(dir), true);
  assert.deepEqual((await readdir(dir)).sort(), ['aardvark.pid', 'net1', 'net2']);
  assert.equal(await readFile(join(dir, 'net1'), 'utf8'), '10.89.1.1\nc1 10.89.1.2  web\n');
  assert.deepEqual(await readdir(parent), ['aardvark'], 'no temporary file left beside it');
  writeAardvarkFiles(dir, []);
  assert.deepEqual(await readdir(dir), ['aardvark.pid']);
});
