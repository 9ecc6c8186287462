#!/usr/bin/env node
// Bundles src/cli/main.ts into dist/berth-bundle.cjs with esbuild and installs the launcher as
// dist/berth. One CommonJS file, not ESM chunks: Node 20's ESM loader spent ~50 ms resolving and
// compiling chunks on every command, while one script runs through V8's code cache (see
// scripts/launcher.cjs). Dynamic imports become lazy module initialisers, so a command still only
// evaluates the modules it uses. Only native modules stay external (node_modules).
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(new URL('..', import.meta.url).pathname);
const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8'));

function gitCommit() {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return '';
  }
}

// Optional argument: another output directory (parallel work trees build without clobbering dist/).
const outdir = resolve(root, process.argv[2] ?? 'dist');
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: [resolve(root, 'src/cli/main.ts')],
  outfile: resolve(outdir, 'berth-bundle.cjs'),
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  // Half the bytes to read and hash on every start (~10 ms of `ps -a`); names kept for errors
  // and stack traces, which the linked source map maps back to src/.
  minify: true,
  keepNames: true,
  // Native addons stay in node_modules; everything else is bundled so start-up resolves no packages.
  external: ['better-sqlite3', 'node-unix-socket'],
  define: {
    BERTH_VERSION: JSON.stringify(pkg.version),
    BERTH_BUILT_SECONDS: String(Math.floor(Date.now() / 1000)),
    BERTH_GIT_COMMIT: JSON.stringify(gitCommit()),
  },
  logLevel: 'warning',
});
// dist/ sits inside a "type": "module" package: mark it CommonJS so the extensionless launcher
// and the .cjs bundle load as scripts.
writeFileSync(resolve(outdir, 'package.json'), '{ "type": "commonjs" }\n');
const launcher = readFileSync(resolve(root, 'scripts/launcher.cjs'), 'utf8').replace(
  '__BERTH_VERSION__',
  pkg.version,
);
writeFileSync(resolve(outdir, 'berth'), launcher);
chmodSync(resolve(outdir, 'berth'), 0o755);
