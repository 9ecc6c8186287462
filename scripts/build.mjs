#!/usr/bin/env node
// Bundles src/cli/main.ts into dist/ with esbuild: ESM, code-split so each command's engine
// code loads only when that command runs; only native modules stay external (node_modules).
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { chmodSync, readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(new URL('..', import.meta.url).pathname);
const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8'));

function gitCommit() {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '';
  }
}

// Optional argument: another output directory (parallel work trees build without clobbering dist/).
const outdir = resolve(root, process.argv[2] ?? 'dist');
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: { berth: resolve(root, 'src/cli/main.ts') },
  outdir,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  // Native addons stay in node_modules; everything else is bundled so start-up resolves no packages.
  external: ['better-sqlite3', 'node-unix-socket'],
  banner: { js: "import { createRequire as __berthCreateRequire } from 'node:module'; const require = __berthCreateRequire(import.meta.url);" },
  chunkNames: 'chunks/[name]-[hash]',
  define: {
    BERTH_VERSION: JSON.stringify(pkg.version),
    BERTH_BUILT_SECONDS: String(Math.floor(Date.now() / 1000)),
    BERTH_GIT_COMMIT: JSON.stringify(gitCommit()),
  },
  logLevel: 'warning',
});
chmodSync(resolve(outdir, 'berth.mjs'), 0o755);
