// `berth info` and `berth version` as podman prints them: YAML-like text, JSON, Go templates;
// the runtime berth picked on this host and why.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createBerthEnv } from '../harness/berth-env.ts';
import { runOk, runProcess } from '../harness/run-process.ts';

/** crun refuses hybrid cgroups whose v2 side holds a controller (crun's libcrun_cgroup_enter). */
async function crunRefusesThisHost(): Promise<boolean> {
  const controllers = await readFile('/sys/fs/cgroup/unified/cgroup.controllers', 'utf8').catch(
    () => '',
  );
  return controllers.trim() !== '';
}

test('info names the runtime that works here and says how it deals with the host cgroups', async (t) => {
  const env = await createBerthEnv(t);
  const json = JSON.parse(await env.berthOk(['info', '--format', 'json'])) as {
    host: {
      ociRuntime: { name: string; path: string; version: string; selection: string };
      conmon: { path: string };
      cgroupVersion: string;
      arch: string;
      os: string;
    };
    store: {
      graphRoot: string;
      runRoot: string;
      graphDriverName: string;
      imageStore: { number: number };
      containerStore: { number: number };
    };
    registries: Record<string, unknown>;
    version: { Version: string };
  };
  if (await crunRefusesThisHost()) {
    // crun with berth placing containers in the v1 controllers, or runc where berth cannot.
    if (json.host.ociRuntime.name === 'crun') {
      assert.match(
        json.host.ociRuntime.selection,
        /cgroups managed by berth: crun alone refuses this host \(cgroups in hybrid mode not supported/,
      );
    } else {
      assert.equal(json.host.ociRuntime.name, 'runc');
      assert.match(json.host.ociRuntime.selection, /crun .*cgroups in hybrid mode not supported/);
    }
  } else {
    assert.equal(json.host.ociRuntime.name, 'crun');
  }
  assert.match(
    json.host.ociRuntime.version,
    new RegExp(`^${json.host.ociRuntime.name} version \\d`),
  );
  assert.match(json.host.conmon.path, /conmon$/);
  assert.equal(json.host.os, 'linux');
  assert.equal(json.store.graphRoot, env.root);
  assert.equal(json.store.runRoot, env.runroot);
  assert.equal(json.store.imageStore.number, 0);
  assert.equal(json.store.containerStore.number, 0);
  assert.match(json.store.graphDriverName, /^(overlay|vfs)$/);

  const name = await env.berthOk(['info', '--format', '{{.Host.OCIRuntime.Name}}']);
  assert.equal(name, `${json.host.ociRuntime.name}\n`);
  const alias = await env.berthOk([
    'info',
    '--format',
    '{{.Host.OciRuntime.Name}} {{.Store.GraphRoot}}',
  ]);
  assert.equal(alias, `${json.host.ociRuntime.name} ${env.root}\n`);

  const text = await env.berthOk(['info']);
  assert.match(text, /^host:\n {2}arch: /);
  assert.match(text, /\n {2}ociRuntime:\n {4}name: \w+\n/);
  assert.match(text, /\nstore:\n/);
  assert.match(text, new RegExp(`\n {2}graphRoot: ${env.root}\n`));
  assert.match(text, /\nversion:\n {2}APIVersion: /);
});

test('info prints the registries of a v1 and a v2 registries.conf as podman does', async (t) => {
  const env = await createBerthEnv(t);
  await env.setSearchRegistries(['registry.example:5000', 'quay.io']);
  await env.addRegistry({ location: 'registry.example:5000', insecure: true });
  const v2 = JSON.parse(await env.berthOk(['info', '--format', '{{json .Registries}}'])) as Record<
    string,
    { Insecure?: boolean; Location?: string }
  > & { search?: string[] };
  assert.deepEqual(v2.search, ['registry.example:5000', 'quay.io']);
  assert.equal(v2['registry.example:5000']?.Insecure, true);

  const { writeFile } = await import('node:fs/promises');
  await writeFile(
    env.registriesConfPath,
    '[registries.search]\nregistries = ["registry.access.redhat.com", "docker.io"]\n[registries.insecure]\nregistries = ["localhost:5000"]\n[registries.block]\nregistries = ["bad.example"]\n',
  );
  const v1 = JSON.parse(await env.berthOk(['info', '--format', '{{json .Registries}}'])) as Record<
    string,
    { Insecure?: boolean; Blocked?: boolean }
  > & { search?: string[] };
  assert.deepEqual(v1.search, ['registry.access.redhat.com', 'docker.io']);
  assert.equal(v1['localhost:5000']?.Insecure, true);
  assert.equal(v1['bad.example']?.Blocked, true);
});

test('version prints podman-style client lines, JSON and templates', async (t) => {
  const env = await createBerthEnv(t);
  const text = await env.berthOk(['version']);
  assert.match(text, /^Client: {7}Berth Engine\nVersion: {6}\d+\.\d+\.\d+/);
  assert.match(text, /\nOS\/Arch: {6}linux\/\w+\n$/);
  const json = JSON.parse(await env.berthOk(['version', '--format', 'json'])) as {
    Client: { Version: string; OsArch: string };
  };
  assert.match(json.Client.Version, /^\d+\.\d+\.\d+/);
  assert.equal(
    await env.berthOk(['version', '--format', '{{.Client.Version}}']),
    `${json.Client.Version}\n`,
  );
  assert.equal(await env.berthOk(['--version']), `berth version ${json.Client.Version}\n`);
});

test('info reports another firewall whose forward chain drops by default', async (t) => {
  const env = await createBerthEnv(t);
  const format = ['info', '--format', '{{json .Host.NetworkForwarding}}'];
  const table = `fwdtest${process.pid}`;
  const before = JSON.parse(await env.berthOk(format)) as { DropChains: string[] };
  assert.ok(!before.DropChains.includes(`inet ${table} forward`));
  // A drop policy behind an accept-everything rule: detected, yet it drops nothing on this host.
  await runOk(['nft', '-f', '-'], {
    input: `table inet ${table} {\n chain forward {\n  type filter hook forward priority 0; policy drop;\n  accept\n }\n}\n`,
  });
  t.after(() => runProcess(['nft', 'delete', 'table', 'inet', table]));
  const after = JSON.parse(await env.berthOk(format)) as { DropChains: string[]; Warning: string };
  assert.ok(after.DropChains.includes(`inet ${table} forward`));
  assert.match(
    after.Warning,
    new RegExp(
      `^the host firewall drops forwarded packets \\(.*table inet ${table} chain forward.*\\): containers on bridge networks cannot reach other networks`,
    ),
  );
});
