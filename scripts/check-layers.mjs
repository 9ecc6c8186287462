#!/usr/bin/env node
// Enforces DESIGN.md's layer rule: every import under src/ must point to a layer the importer
// may depend on. Prints each violation as file:line and exits 1; prints nothing when clean.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const SRC = resolve(new URL('..', import.meta.url).pathname, 'src');

/** layer -> layers it may import (itself is always allowed). */
const ALLOWED = {
  cli: ['domain', 'config', 'lib'],
  api: ['domain', 'config', 'lib'],
  domain: ['engine', 'config', 'lib'],
  engine: ['spec', 'image', 'storage', 'runtime', 'network', 'host', 'config', 'lib'],
  spec: ['host', 'config', 'lib'],
  image: ['host', 'config', 'lib'],
  storage: ['host', 'config', 'lib'],
  runtime: ['host', 'config', 'lib'],
  network: ['host', 'config', 'lib'],
  host: ['config', 'lib'],
  config: ['lib'],
  lib: [],
};

function* walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* walk(path);
    else if (path.endsWith('.ts')) yield path;
  }
}

const layerOf = (file) => relative(SRC, file).split(sep)[0];
const importRe =
  /(?:^|\s)(import type|import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Type-only imports allowed against the layer rule: the engine produces domain's report types. */
const TYPE_ONLY = { engine: ['domain'] };

const violations = [];
for (const file of walk(SRC)) {
  const from = layerOf(file);
  if (!(from in ALLOWED)) {
    violations.push(`${relative(SRC, file)}: unknown layer "${from}"`);
    continue;
  }
  const text = readFileSync(file, 'utf8');
  for (const match of text.matchAll(importRe)) {
    const spec = match[2] ?? match[3];
    const typeOnly = match[1] === 'import type';
    if (!spec || !spec.startsWith('.')) continue;
    const target = resolve(dirname(file), spec);
    if (!target.startsWith(SRC + sep)) continue;
    const to = layerOf(target);
    const isTest = file.endsWith('.test.ts');
    // domain/local is the one place domain reaches into engine; the rest of domain stays pure.
    if (
      from === 'domain' &&
      to === 'engine' &&
      !relative(SRC, file).startsWith(`domain${sep}local${sep}`) &&
      !isTest
    ) {
      violations.push(`${relative(SRC, file)}: only domain/local may import engine (${spec})`);
      continue;
    }
    if (typeOnly && (TYPE_ONLY[from] ?? []).includes(to)) continue;
    if (to !== from && !ALLOWED[from].includes(to)) {
      const line = text.slice(0, match.index).split('\n').length;
      violations.push(
        `src/${relative(SRC, file)}:${line}: layer "${from}" must not import "${to}" (${spec})`,
      );
    }
  }
}
if (violations.length > 0) {
  console.error(violations.join('\n'));
  console.error(`${violations.length} layer violation(s); see DESIGN.md "Layers"`);
  process.exit(1);
}
