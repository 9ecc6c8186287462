// Tests podman's pull progress rendering: plain lines off a TTY, live bars on one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { barPrefix, pullProgressReporter } from './progress.ts';
import type { ImagePullEvent } from '../../domain/image-reports.ts';

const blob = `sha256:${'a'.repeat(64)}`;
const skipped = `sha256:${'b'.repeat(64)}`;
const config = `sha256:${'c'.repeat(64)}`;
const events: ImagePullEvent[] = [
  { kind: 'trying', reference: 'example.com/x:latest' },
  { kind: 'signatures' },
  { kind: 'blob-skipped', digest: skipped },
  { kind: 'blob-start', digest: blob, sizeBytes: 2048 },
  { kind: 'blob-progress', digest: blob, doneBytes: 1024, sizeBytes: 2048 },
  { kind: 'blob-done', digest: blob },
  { kind: 'config', digest: config },
  { kind: 'writing-manifest' },
  { kind: 'storing-signatures' },
];

function render(isTTY: boolean): string {
  let out = '';
  const report = pullProgressReporter({
    isTTY,
    columns: 80,
    write: (text: string) => (out += text),
  });
  for (const event of events) report(event);
  return out;
}

test('off a TTY: one line per step with full digests, as containers/image prints', () => {
  assert.equal(
    render(false),
    [
      'Trying to pull example.com/x:latest...',
      'Getting image source signatures',
      `Copying blob ${skipped}`,
      `Copying blob ${blob}`,
      `Copying config ${config}`,
      'Writing manifest to image destination',
      'Storing signatures',
      '',
    ].join('\n'),
  );
});

test('on a TTY: bars redrawn in place, final states as podman shows them', () => {
  const out = render(true);
  assert.match(out, /\x1b\[2A/);
  assert.ok(out.includes(`Copying blob ${'b'.repeat(12)} skipped: already exists`));
  assert.ok(out.includes(`Copying blob ${'a'.repeat(12)} done`));
  assert.ok(out.includes(`Copying config ${'c'.repeat(10)} done`));
  assert.ok(out.trimEnd().endsWith('Storing signatures'));
  assert.equal(barPrefix('config', config), `Copying config ${'c'.repeat(10)}`);
});
