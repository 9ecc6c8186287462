import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { sha256Digest } from '../lib/digest.ts';
import { ContentStore } from './content-store.ts';

const dir = mkdtempSync(join(tmpdir(), 'berth-content-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const freshStore = () => new ContentStore(join(dir, `store-${n++}`));

test('put stores a stream under blobs/sha256/<hex> and reads it back', async () => {
  const store = freshStore();
  const chunks = [Buffer.from('hello '), Buffer.from('world')];
  const expected = sha256Digest('hello world');
  const result = await store.put(Readable.from(chunks), expected);
  assert.deepEqual(result, { digest: expected, sizeBytes: 11 });
  assert.equal(store.path(expected), join(store.root, 'blobs', 'sha256', expected.slice(7)));
  assert.equal(await store.has(expected), true);
  assert.equal((await store.read(expected)).toString(), 'hello world');
  assert.equal(await store.sizeOf(expected), 11);
  const streamed: Buffer[] = [];
  for await (const chunk of store.readStream(expected)) streamed.push(chunk as Buffer);
  assert.equal(Buffer.concat(streamed).toString(), 'hello world');
  assert.deepEqual(readdirSync(join(store.root, 'tmp')), []);
});

test('a wrong expected digest throws DIGEST_MISMATCH and keeps no file', async () => {
  const store = freshStore();
  const wrong = sha256Digest('something else');
  await assert.rejects(store.put(Readable.from([Buffer.from('actual bytes')]), wrong), {
    code: 'DIGEST_MISMATCH',
    message: `Digest did not match, expected ${wrong}, got ${sha256Digest('actual bytes')}`,
  });
  assert.deepEqual(readdirSync(join(store.root, 'blobs', 'sha256')), []);
  assert.deepEqual(readdirSync(join(store.root, 'tmp')), []);
  assert.equal(await store.has(wrong), false);
});

test('a failing source stream leaves no temp file behind', async () => {
  const store = freshStore();
  const failing = new Readable({
    read() {
      this.push(Buffer.from('partial'));
      this.destroy(new Error('connection reset'));
    },
  });
  await assert.rejects(store.put(failing), /connection reset/);
  assert.deepEqual(readdirSync(join(store.root, 'tmp')), []);
});

test('concurrent puts of the same blob all succeed and leave one file', async () => {
  const store = freshStore();
  const data = Buffer.alloc(1 << 20, 7);
  const digest = sha256Digest(data);
  const results = await Promise.all(
    Array.from({ length: 10 }, (_, i) =>
      store.put(i % 2 === 0 ? data : Readable.from([data.subarray(0, 1000), data.subarray(1000)])),
    ),
  );
  for (const result of results) assert.deepEqual(result, { digest, sizeBytes: data.length });
  assert.deepEqual(readdirSync(join(store.root, 'blobs', 'sha256')), [digest.slice(7)]);
  assert.deepEqual(readdirSync(join(store.root, 'tmp')), []);
  assert.ok((await store.read(digest)).equals(data));
});

test('delete removes a blob and reports whether it was there; missing reads are STORAGE', async () => {
  const store = freshStore();
  const { digest } = await store.put(Buffer.from('x'));
  assert.equal(await store.delete(digest), true);
  assert.equal(await store.delete(digest), false);
  await assert.rejects(store.read(digest), { code: 'STORAGE' });
  await assert.rejects(store.sizeOf(digest), { code: 'STORAGE' });
});
