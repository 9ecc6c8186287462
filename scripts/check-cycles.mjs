#!/usr/bin/env node
// Finds circular imports among src/ modules and prints each cycle as a chain of files; exits 1
// when there is one. Counts the imports that run at load time: `import … from` and
// `export … from`, including `import { type A }` (verbatimModuleSyntax keeps it as a load);
// `import type`, `export type` and dynamic `import()` (loaded on first use) do not count.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

/** The tree to check: src/ unless a directory is given (`check-cycles.mjs DIR`). */
const SRC = resolve(process.argv[2] ?? resolve(new URL('..', import.meta.url).pathname, 'src'));

function* walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* walk(path);
    else if (path.endsWith('.ts') && !path.endsWith('.test.ts')) yield path;
  }
}

/** The src/ files a module loads when it is loaded. */
function valueImports(file) {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
  const targets = [];
  for (const statement of source.statements) {
    let specifier;
    if (ts.isImportDeclaration(statement) && !statement.importClause?.isTypeOnly)
      specifier = statement.moduleSpecifier;
    else if (ts.isExportDeclaration(statement) && !statement.isTypeOnly)
      specifier = statement.moduleSpecifier;
    if (!specifier || !ts.isStringLiteral(specifier) || !specifier.text.startsWith('.')) continue;
    const target = resolve(dirname(file), specifier.text);
    if (target.startsWith(SRC + sep)) targets.push(target);
  }
  return targets;
}

const graph = new Map();
for (const file of walk(SRC)) graph.set(file, valueImports(file));

/** Tarjan's strongly connected components: every cycle lies inside one. */
function components() {
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const found = [];
  let next = 0;
  const visit = (node) => {
    index.set(node, next);
    low.set(node, next++);
    stack.push(node);
    onStack.add(node);
    for (const to of graph.get(node) ?? []) {
      if (!graph.has(to)) continue;
      if (!index.has(to)) {
        visit(to);
        low.set(node, Math.min(low.get(node), low.get(to)));
      } else if (onStack.has(to)) low.set(node, Math.min(low.get(node), index.get(to)));
    }
    if (low.get(node) !== index.get(node)) return;
    const component = [];
    let member;
    do {
      member = stack.pop();
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1 || (graph.get(node) ?? []).includes(node)) found.push(component);
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return found;
}

/** The elementary cycles within one component (Johnson's idea, bounded for readability). */
function cyclesIn(component, limit = 50) {
  const members = [...component].sort();
  const cycles = [];
  for (let start = 0; start < members.length && cycles.length < limit; start++) {
    const allowed = new Set(members.slice(start));
    const path = [members[start]];
    const onPath = new Set(path);
    const extend = (node) => {
      for (const to of graph.get(node) ?? []) {
        if (cycles.length >= limit) return;
        if (to === members[start]) cycles.push([...path, to]);
        else if (allowed.has(to) && !onPath.has(to)) {
          path.push(to);
          onPath.add(to);
          extend(to);
          path.pop();
          onPath.delete(to);
        }
      }
    };
    extend(members[start]);
  }
  return cycles;
}

const name = (file) => relative(resolve(SRC, '..'), file);
let count = 0;
for (const component of components()) {
  for (const cycle of cyclesIn(component)) {
    count++;
    console.error(`import cycle: ${cycle.map(name).join(' -> ')}`);
  }
}
if (count > 0) {
  console.error(`${count} import cycle(s); break them (move the shared part down, or import type)`);
  process.exit(1);
}
