import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unitsJson } from './units-json.ts';

test('--format json: podman 4.3.1 output re-encoded byte for byte (one-space indent)', () => {
  const golden = readFileSync(
    join(import.meta.dirname, '..', '..', 'spec', 'testdata', 'systemd', 'json.txt'),
    'utf8',
  );
  assert.equal(`${unitsJson(JSON.parse(golden) as Record<string, string>)}\n`, golden);
});

test('--format json: keys sorted, <>& escaped as Go does', () => {
  assert.equal(unitsJson({ b: '1', a: '<&>' }), '{\n "a": "\\u003c\\u0026\\u003e",\n "b": "1"\n}');
});
