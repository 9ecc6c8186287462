import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isBerthError } from '../lib/berth-error.ts';
import type { CgroupLayout } from './cgroup-layout.ts';
import { chooseRuntime, runtimeBlocker, type RuntimeCandidate } from './runtime-choice.ts';

const v2: CgroupLayout = {
  version: 'v2',
  unifiedMount: '/sys/fs/cgroup',
  v2Controllers: ['cpu', 'memory', 'pids'],
  v1Controllers: [],
};
const v1: CgroupLayout = { version: 'v1', v2Controllers: [], v1Controllers: ['cpu', 'memory'] };
const hybridEmpty: CgroupLayout = {
  version: 'hybrid',
  unifiedMount: '/sys/fs/cgroup/unified',
  v2Controllers: [],
  v1Controllers: ['memory'],
};
const hybridHugetlb: CgroupLayout = { ...hybridEmpty, v2Controllers: ['hugetlb'] };

const crun: RuntimeCandidate = { name: 'crun', path: '/usr/bin/crun' };
const runc: RuntimeCandidate = { name: 'runc', path: '/usr/sbin/runc' };

function expectUnavailable(run: () => unknown, message: RegExp): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(isBerthError(error));
    assert.equal(error.code, 'RUNTIME_UNAVAILABLE');
    assert.match(error.message, message);
    return true;
  });
}

describe('runtimeBlocker', () => {
  it('blocks crun only on hybrid hosts whose v2 hierarchy holds a controller', () => {
    assert.equal(runtimeBlocker('crun', v2), undefined);
    assert.equal(runtimeBlocker('crun', v1), undefined);
    assert.equal(runtimeBlocker('crun', hybridEmpty), undefined);
    assert.match(
      runtimeBlocker('crun', hybridHugetlb) ?? '',
      /^cgroups in hybrid mode not supported .*hugetlb/,
    );
  });

  it('never blocks runc, and blocks crun variants like crun', () => {
    assert.equal(runtimeBlocker('runc', hybridHugetlb), undefined);
    assert.notEqual(runtimeBlocker('crun-wasm', hybridHugetlb), undefined);
    assert.notEqual(runtimeBlocker('krun', hybridHugetlb), undefined);
  });

  it('does not block when cgroup2 sits somewhere crun does not look', () => {
    const elsewhere: CgroupLayout = { ...hybridHugetlb, unifiedMount: '/sys/fs/cgroup/systemd' };
    assert.equal(runtimeBlocker('crun', elsewhere), undefined);
  });
});

describe('chooseRuntime', () => {
  it('prefers crun where crun works', () => {
    for (const layout of [v2, v1, hybridEmpty]) {
      const decision = chooseRuntime({ layout, candidates: [runc, crun] });
      assert.equal(decision.name, 'crun');
      assert.equal(decision.path, '/usr/bin/crun');
      assert.deepEqual(decision.passedOver, []);
      assert.match(decision.reason, /default/);
    }
  });

  it('passes over crun for runc on a hybrid host with a v2 controller', () => {
    const decision = chooseRuntime({ layout: hybridHugetlb, candidates: [crun, runc] });
    assert.equal(decision.name, 'runc');
    assert.equal(decision.passedOver.length, 1);
    assert.equal(decision.passedOver[0]?.name, 'crun');
    assert.match(decision.passedOver[0]?.reason ?? '', /hybrid mode not supported/);
    assert.match(decision.reason, /crun cannot run containers on this host/);
  });

  it('runs crun with berth-managed cgroups on a hybrid host whose v1 controllers berth can manage', () => {
    const v1Mounts = Object.fromEntries(
      ['cpu', 'cpuacct', 'devices', 'freezer', 'memory', 'pids'].map((c) => [
        c,
        `/sys/fs/cgroup/${c}`,
      ]),
    );
    const decision = chooseRuntime({
      layout: { ...hybridHugetlb, v1Mounts },
      candidates: [crun, runc],
    });
    assert.equal(decision.name, 'crun');
    assert.equal(decision.cgroupsByBerth, true);
    assert.match(decision.reason, /cgroups managed by berth/);
    const requested = chooseRuntime({
      requested: 'crun',
      layout: { ...hybridHugetlb, v1Mounts },
      candidates: [crun, runc],
    });
    assert.equal(requested.cgroupsByBerth, true);
    // Without the devices controller berth could not keep the container off host devices: runc.
    const { devices: _devices, ...noDevices } = v1Mounts;
    const fallback = chooseRuntime({
      layout: { ...hybridHugetlb, v1Mounts: noDevices },
      candidates: [crun, runc],
    });
    assert.equal(fallback.name, 'runc');
    assert.equal(fallback.cgroupsByBerth, undefined);
    assert.equal(
      chooseRuntime({ layout: { ...hybridEmpty, v1Mounts }, candidates: [crun, runc] })
        .cgroupsByBerth,
      undefined,
      'crun manages cgroups itself where it works',
    );
  });

  it('uses runc when it is the only runtime installed', () => {
    assert.equal(chooseRuntime({ layout: v2, candidates: [runc] }).name, 'runc');
  });

  it('passes over a candidate marked unusable', () => {
    const broken = { ...crun, unusable: '`/usr/bin/crun --version` failed with status 127' };
    const decision = chooseRuntime({ layout: v2, candidates: [broken, runc] });
    assert.equal(decision.name, 'runc');
    assert.equal(decision.passedOver[0]?.reason, broken.unusable);
  });

  it('fails with the install command when no runtime is installed', () => {
    expectUnavailable(
      () => chooseRuntime({ layout: v2, candidates: [] }),
      /^no OCI runtime found: install crun or runc \(apt-get install crun runc\)$/,
    );
  });

  it('fails naming runc when only a blocked crun is installed', () => {
    expectUnavailable(
      () => chooseRuntime({ layout: hybridHugetlb, candidates: [crun] }),
      /install runc \(apt-get install runc\)/,
    );
  });

  it('honours an explicitly requested runtime by name or path', () => {
    assert.equal(
      chooseRuntime({ requested: 'runc', layout: v2, candidates: [crun, runc] }).name,
      'runc',
    );
    const byPath = chooseRuntime({
      requested: '/usr/sbin/runc',
      layout: v2,
      candidates: [crun, runc],
    });
    assert.equal(byPath.path, '/usr/sbin/runc');
    assert.equal(byPath.reason, 'requested with --runtime');
  });

  it('refuses a requested crun that cannot work here and names the fix', () => {
    expectUnavailable(
      () => chooseRuntime({ requested: 'crun', layout: hybridHugetlb, candidates: [crun, runc] }),
      /^crun cannot run containers on this host: cgroups in hybrid mode not supported; use --runtime runc$/,
    );
  });

  it('refuses a requested runtime that is not installed', () => {
    expectUnavailable(
      () => chooseRuntime({ requested: 'youki', layout: v2, candidates: [crun] }),
      /OCI runtime "youki" not found/,
    );
  });
});
