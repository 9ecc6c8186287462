// Smoke test on this machine: the probes run on the real /proc and /sys, and their results must
// agree with what the fake-tree logic predicts from the same real files (no hard-coded host).
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { isBerthError } from '../lib/berth-error.ts';
import { detectCgroupLayout, infoCgroupVersion, parseControllers } from './cgroup-layout.ts';
import { findExecutable } from './find-executable.ts';
import { probeHostFacts } from './host-facts.ts';
import { clampUlimits, podmanDefaultUlimits, readPidMax, readProcessRlimits } from './rlimits.ts';
import { berthManagedControllers, runtimeBlocker } from './runtime-choice.ts';
import { probeRuntime } from './runtime-probe.ts';

describe('probes on the real host', () => {
  it('detects a layout consistent with the real cgroup files', async () => {
    const layout = await detectCgroupLayout();
    if (layout.unifiedMount !== undefined) {
      const text = await readFile(`${layout.unifiedMount}/cgroup.controllers`, 'utf8');
      assert.deepEqual(layout.v2Controllers, parseControllers(text));
    }
    const rootIsV2 = await readFile('/sys/fs/cgroup/cgroup.controllers', 'utf8').then(
      () => true,
      () => false,
    );
    assert.equal(layout.version === 'v2', rootIsV2);
    assert.equal(infoCgroupVersion(layout), rootIsV2 ? 'v2' : 'v1');
  });

  it('chooses crun here, managing cgroups itself exactly when crun alone refuses the host', async () => {
    const layout = await detectCgroupLayout();
    const crun = await findExecutable('crun');
    const runc = await findExecutable('runc');
    const crunBlocked = runtimeBlocker('crun', layout) !== undefined;
    const berthCanManage = berthManagedControllers.every((c) => layout.v1Mounts?.[c] !== undefined);
    const crunUsable = Boolean(crun) && (!crunBlocked || berthCanManage);
    if (!runc && !crunUsable) {
      await assert.rejects(
        probeRuntime({ layout }),
        (error: unknown) => isBerthError(error) && error.code === 'RUNTIME_UNAVAILABLE',
      );
      return;
    }
    const choice = await probeRuntime({ layout });
    assert.equal(choice.name, crunUsable ? 'crun' : 'runc');
    assert.equal(choice.cgroupsByBerth ?? false, choice.name === 'crun' && crunBlocked);
    assert.equal(choice.version.name, choice.name);
    assert.match(choice.version.version ?? '', /^\d+\.\d+/);
  });

  it('clamps podman default ulimits to limits this process may set', async () => {
    const current = await readProcessRlimits();
    const nofile = current.limits.nofile;
    assert.ok(nofile, 'nofile is read from /proc/self/limits');
    assert.equal(nofile.soft <= nofile.hard, true);
    const { ulimits } = clampUlimits(podmanDefaultUlimits(await readPidMax()), current);
    for (const limit of ulimits) {
      const now = current.limits[limit.type];
      assert.ok(now);
      if (!current.canRaiseHard)
        assert.ok(limit.hard <= now.hard && limit.soft <= limit.hard, limit.type);
    }
  });

  it('reads host facts matching node:os and /proc', async () => {
    const facts = await probeHostFacts();
    assert.equal(facts.security.rootless, process.getuid?.() !== 0);
    assert.ok(facts.memTotal > 0 && facts.memFree <= facts.memTotal);
    assert.ok(facts.cpus >= 1);
    assert.match(facts.bootId, /^[0-9a-f-]{36}$/);
    assert.match(facts.uptime, /^\d+h \d+m \d+\.\d\ds/);
    assert.notEqual(facts.distribution.distribution, 'unknown');
  });
});
