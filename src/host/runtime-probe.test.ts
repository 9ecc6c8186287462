import assert from 'node:assert/strict';
import { readFile, utimes } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { isBerthError } from '../lib/berth-error.ts';
import type { CgroupLayout } from './cgroup-layout.ts';
import { findConmon } from './conmon-probe.ts';
import { makeFakeHostTree } from './fake-host-tree.ts';
import { parseVersionOutput } from './parse-version-output.ts';
import { probeRuntime } from './runtime-probe.ts';

const v2: CgroupLayout = {
  version: 'v2',
  unifiedMount: '/sys/fs/cgroup',
  v2Controllers: ['memory'],
  v1Controllers: [],
};
const hybridHugetlb: CgroupLayout = {
  version: 'hybrid',
  unifiedMount: '/sys/fs/cgroup/unified',
  v2Controllers: ['hugetlb'],
  v1Controllers: ['memory'],
};

/** A stub binary that records each call in <dir>/calls and prints `output` (or fails). */
function stub(output: string, status = 0): { content: string; mode: number } {
  const body = output.replace(/'/g, `'"'"'`);
  return {
    content: `#!/bin/sh\necho "$0 $*" >> "$(dirname "$0")/calls"\nprintf '%s\\n' '${body}'\nexit ${status}\n`,
    mode: 0o755,
  };
}

const crunOutput =
  'crun version 1.8.1\ncommit: f8a096be\nrundir: /run/crun\nspec: 1.0.0\n+SYSTEMD +SECCOMP';
const runcOutput =
  'runc version 1.1.5+ds1\ncommit: 1.1.5+ds1-1+deb12u1\nspec: 1.0.2-dev\ngo: go1.19.8';

async function calls(dir: string): Promise<string[]> {
  return (await readFile(`${dir}/calls`, 'utf8').catch(() => '')).split('\n').filter(Boolean);
}

describe('parseVersionOutput', () => {
  it('reads name, version, commit and spec from crun and runc output', () => {
    assert.deepEqual(parseVersionOutput(`${crunOutput}\n`), {
      raw: crunOutput,
      name: 'crun',
      version: '1.8.1',
      commit: 'f8a096be',
      spec: '1.0.0',
    });
    const runc = parseVersionOutput(runcOutput);
    assert.equal(runc.version, '1.1.5+ds1');
    assert.equal(runc.spec, '1.0.2-dev');
  });
});

describe('probeRuntime', () => {
  it('finds crun on PATH and reads its version where crun works', async () => {
    await using tree = await makeFakeHostTree({
      '/bin/crun': stub(crunOutput),
      '/bin/runc': stub(runcOutput),
    });
    const choice = await probeRuntime({ layout: v2, pathEnv: tree.path('/bin'), extraDirs: [] });
    assert.equal(choice.name, 'crun');
    assert.equal(choice.path, tree.path('/bin/crun'));
    assert.equal(choice.version.version, '1.8.1');
    assert.equal(choice.version.raw, crunOutput);
    assert.deepEqual(await calls(tree.path('/bin')), [`${tree.path('/bin/crun')} --version`]);
  });

  it('chooses runc on a hybrid host whose v2 hierarchy holds a controller', async () => {
    await using tree = await makeFakeHostTree({
      '/bin/crun': stub(crunOutput),
      '/sbin/runc': stub(runcOutput),
    });
    const choice = await probeRuntime({
      layout: hybridHugetlb,
      pathEnv: `${tree.path('/bin')}:${tree.path('/sbin')}`,
      extraDirs: [],
    });
    assert.equal(choice.name, 'runc');
    assert.equal(choice.version.version, '1.1.5+ds1');
    assert.deepEqual(
      choice.passedOver.map((p) => p.name),
      ['crun'],
    );
    assert.deepEqual(await calls(tree.path('/bin')), [], 'crun was not even run');
  });

  it('passes over a runtime whose --version fails', async () => {
    await using tree = await makeFakeHostTree({
      '/bin/crun': stub('crun: broken', 1),
      '/bin/runc': stub(runcOutput),
    });
    const choice = await probeRuntime({ layout: v2, pathEnv: tree.path('/bin'), extraDirs: [] });
    assert.equal(choice.name, 'runc');
    assert.match(
      choice.passedOver[0]?.reason ?? '',
      /--version` failed with status 1: crun: broken/,
    );
  });

  it('caches the result in cacheDir until the binary changes', async () => {
    await using tree = await makeFakeHostTree({ '/bin/crun': stub(crunOutput) });
    const options = {
      layout: v2,
      pathEnv: tree.path('/bin'),
      extraDirs: [],
      cacheDir: tree.path('/run/berth'),
    };
    const first = await probeRuntime(options);
    const second = await probeRuntime(options);
    assert.deepEqual(second, first);
    assert.equal((await calls(tree.path('/bin'))).length, 1, 'second probe read the cache');
    await utimes(tree.path('/bin/crun'), new Date(), new Date(Date.now() + 5000));
    await probeRuntime(options);
    assert.equal((await calls(tree.path('/bin'))).length, 2, 'a changed binary is probed again');
    await probeRuntime({ ...options, layout: hybridHugetlb }).catch(() => undefined);
    assert.equal((await calls(tree.path('/bin'))).length, 2, 'blocked crun is never spawned');
  });

  it('honours --runtime PATH', async () => {
    await using tree = await makeFakeHostTree({
      '/opt/runc': stub(runcOutput),
      '/bin/crun': stub(crunOutput),
    });
    const choice = await probeRuntime({
      requested: tree.path('/opt/runc'),
      layout: v2,
      pathEnv: tree.path('/bin'),
      extraDirs: [],
    });
    assert.equal(choice.path, tree.path('/opt/runc'));
    assert.equal(choice.name, 'runc');
  });

  it('fails when --runtime names a path that is not an executable', async () => {
    await using tree = await makeFakeHostTree({ '/bin/runc': stub(runcOutput) });
    await assert.rejects(
      probeRuntime({
        requested: tree.path('/opt/crun'),
        layout: v2,
        pathEnv: tree.path('/bin'),
        extraDirs: [],
      }),
      (error: unknown) =>
        isBerthError(error) &&
        error.code === 'RUNTIME_UNAVAILABLE' &&
        /not found/.test(error.message),
    );
  });

  it('recomputes when the cache file is corrupt', async () => {
    await using tree = await makeFakeHostTree({
      '/bin/runc': stub(runcOutput),
      '/run/berth/probe-runtime.json': '{"key":',
    });
    const options = {
      layout: v2,
      pathEnv: tree.path('/bin'),
      extraDirs: [],
      cacheDir: tree.path('/run/berth'),
    };
    assert.equal((await probeRuntime(options)).name, 'runc');
    const stored: unknown = JSON.parse(
      await readFile(tree.path('/run/berth/probe-runtime.json'), 'utf8'),
    );
    assert.equal((stored as { value: { name: string } }).value.name, 'runc');
  });

  it('fails with RUNTIME_UNAVAILABLE when no runtime is installed', async () => {
    await using tree = await makeFakeHostTree({ '/bin/true-ish': stub('') });
    await assert.rejects(
      probeRuntime({ layout: v2, pathEnv: tree.path('/bin'), extraDirs: [] }),
      (error: unknown) => {
        assert.ok(isBerthError(error));
        assert.equal(error.code, 'RUNTIME_UNAVAILABLE');
        assert.equal(
          error.message,
          'no OCI runtime found: install crun or runc (apt-get install crun runc)',
        );
        return true;
      },
    );
  });
});

describe('findConmon', () => {
  it('reports path and version as podman info does', async () => {
    await using tree = await makeFakeHostTree({
      '/bin/conmon': stub('conmon version 2.1.6\ncommit: unknown'),
    });
    const conmon = await findConmon({ conmonPaths: [], pathEnv: tree.path('/bin') });
    assert.deepEqual(conmon, {
      path: tree.path('/bin/conmon'),
      version: 'conmon version 2.1.6, commit: unknown',
      versionNumber: '2.1.6',
    });
  });

  it('prefers the configured conmon_path list over PATH', async () => {
    await using tree = await makeFakeHostTree({
      '/libexec/conmon': stub('conmon version 2.1.10\ncommit: abc'),
      '/bin/conmon': stub('conmon version 2.1.6\ncommit: unknown'),
    });
    const conmon = await findConmon({
      conmonPaths: [tree.path('/missing/conmon'), tree.path('/libexec/conmon')],
      pathEnv: tree.path('/bin'),
    });
    assert.equal(conmon.versionNumber, '2.1.10');
  });

  it('fails with CONMON_UNAVAILABLE when conmon is missing', async () => {
    await using tree = await makeFakeHostTree({ '/bin/other': stub('') });
    await assert.rejects(
      findConmon({ conmonPaths: [], pathEnv: tree.path('/bin') }),
      (error: unknown) => {
        assert.ok(isBerthError(error));
        assert.equal(error.code, 'CONMON_UNAVAILABLE');
        assert.equal(error.message, 'conmon not found: install it (apt-get install conmon)');
        return true;
      },
    );
  });
});
