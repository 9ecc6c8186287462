#!/usr/bin/env -S node --
'use strict';
// berth's launcher, copied to dist/berth by scripts/build.mjs. It answers `--version` at once,
// and otherwise runs the CommonJS bundle (berth-bundle.cjs) through V8's code cache: compiling
// the bundle costs more than everything else a short command does, and Node 20 has no compile
// cache of its own. There is one cache file per command word (`ps`, `run`, …), written at exit by
// the first invocation that finds none, so each holds exactly the functions that command runs.
// A cache V8 rejects (another node, another bundle) is rewritten; one that cannot be written is
// skipped. Only a cache file owned by root or by this user, and writable by no one else, is read:
// a planted cache would be code.
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const Module = require('node:module');

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
  process.stdout.write('berth version __BERTH_VERSION__\n');
  process.exit(0);
}

const dir = __dirname;
const bundle = path.join(dir, 'berth-bundle.cjs');
const word = argv.find((arg) => !arg.startsWith('-'));
const key = word && /^[a-z][a-z-]{0,23}$/.test(word) ? word : 'other';
const cacheDir = path.join(dir, '.code-cache');
const cacheFile = path.join(cacheDir, `${key}.bin`);

function trustedCache() {
  try {
    const fd = fs.openSync(cacheFile, 'r');
    try {
      const st = fs.fstatSync(fd);
      if ((st.uid !== 0 && st.uid !== process.geteuid()) || (st.mode & 0o022) !== 0)
        return undefined;
      return fs.readFileSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return undefined;
  }
}

const cached = trustedCache();
const script = new vm.Script(Module.wrap(fs.readFileSync(bundle, 'utf8')), {
  filename: bundle,
  cachedData: cached,
});
if (cached === undefined || script.cachedDataRejected) {
  process.once('exit', () => {
    try {
      fs.mkdirSync(cacheDir, { mode: 0o755, recursive: true });
      const tmp = `${cacheFile}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, script.createCachedData(), { mode: 0o644 });
      fs.renameSync(tmp, cacheFile);
    } catch {
      // A read-only install runs without a cache; nothing else changes.
    }
  });
}
const bundleModule = new Module(bundle, module);
bundleModule.filename = bundle;
bundleModule.paths = Module._nodeModulePaths(dir);
script
  .runInThisContext()
  .call(
    bundleModule.exports,
    bundleModule.exports,
    (id) => bundleModule.require(id),
    bundleModule,
    bundle,
    dir,
  );
