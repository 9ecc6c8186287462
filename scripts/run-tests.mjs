#!/usr/bin/env node
// Runs node's built-in test runner on the TypeScript tests (through tsx).
// Usage: run-tests.mjs unit|e2e|all [extra node --test flags]
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = resolve(new URL('..', import.meta.url).pathname);
const kind = process.argv[2] ?? 'all';

function* walk(dir) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* walk(path);
    else if (path.endsWith('.test.ts')) yield path;
  }
}

const files = [];
if (kind === 'unit' || kind === 'all') files.push(...walk(join(root, 'src')));
if (kind === 'e2e' || kind === 'all') files.push(...walk(join(root, 'test')));
if (files.length === 0) {
  console.error(`no test files for "${kind}"`);
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-reporter=spec', ...process.argv.slice(3), ...files.sort()],
  { stdio: 'inherit', cwd: root },
);
process.exit(result.status ?? 1);
