import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attachmentFinished } from './container-terminal.ts';

function pendingAttachment() {
  let end: (how: 'ended' | 'detached') => void = () => undefined;
  const finished = new Promise<'ended' | 'detached'>((resolveFinished) => (end = resolveFinished));
  return { attachment: { finished, close: () => undefined }, end };
}

test('aborting the call ends an attachment as a detach; its own end passes through', async () => {
  const aborted = pendingAttachment();
  const controller = new AbortController();
  const result = attachmentFinished(aborted.attachment, { signal: controller.signal });
  controller.abort();
  assert.equal(await result, 'detached');

  const ended = pendingAttachment();
  const idle = new AbortController();
  const running = attachmentFinished(ended.attachment, { signal: idle.signal });
  ended.end('ended');
  assert.equal(await running, 'ended');

  const already = new AbortController();
  already.abort();
  assert.equal(
    await attachmentFinished(pendingAttachment().attachment, { signal: already.signal }),
    'detached',
  );
  const plain = pendingAttachment();
  plain.end('ended');
  assert.equal(await attachmentFinished(plain.attachment, undefined), 'ended');
});
