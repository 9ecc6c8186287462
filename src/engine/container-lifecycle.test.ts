// The lifecycle core on recording fakes: start's setup and its rollback, one cleanup per run,
// and a user's stop winning over the restart policy. Real parts where they need no root: the
// SQLite state and the vfs layer store in a temp dir.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteState } from '../storage/sqlite-state.ts';
import { ContentStore } from '../storage/content-store.ts';
import { openLayerStore, type LayerStore } from '../storage/layer-store.ts';
import { loadContainersConfig } from '../config/containers-conf.ts';
import type { Digest } from '../lib/digest.ts';
import { EngineContext } from './engine-context.ts';
import { HostCallLog, recordingHostRoles } from './fake-host-roles.ts';
import { createContainer } from './container-create.ts';
import { startContainer } from './container-start.ts';
import { cleanupContainer } from './container-cleanup.ts';
import { removeContainer, stopContainer } from './container-lifecycle.ts';
import { containerPaths, readStateData, type ContainerConfig } from './container-model.ts';

const top = mkdtempSync(join(tmpdir(), 'berth-lifecycle-'));
after(() => rmSync(top, { recursive: true, force: true }));
let n = 0;

function recordingLayers(inner: LayerStore, log: HostCallLog): LayerStore {
  return Object.assign(Object.create(inner) as LayerStore, {
    mountContainerLayer: async (id: string) => {
      log.record('layers.mount');
      return inner.mountContainerLayer(id);
    },
    unmountContainerLayer: async (id: string) => {
      log.record('layers.unmount');
      return inner.unmountContainerLayer(id);
    },
  });
}

async function fixture(): Promise<{
  ctx: EngineContext;
  log: HostCallLog;
  create: (config?: Partial<ContainerConfig>) => Promise<string>;
}> {
  const dir = join(top, `t${n++}`);
  const paths = {
    root: join(dir, 'root'),
    runroot: join(dir, 'run'),
    rootless: false,
    configHome: join(dir, 'config'),
    runtimeDir: join(dir, 'run'),
  };
  mkdirSync(paths.root, { recursive: true });
  mkdirSync(paths.runroot, { recursive: true });
  const emptyConf = join(dir, 'containers.conf');
  writeFileSync(emptyConf, '');
  const env = { CONTAINERS_CONF: emptyConf, PATH: process.env['PATH'] ?? '' };
  const state = SqliteState.open(join(paths.root, 'berth.db'));
  const log = new HostCallLog();
  const layers = recordingLayers(openLayerStore('vfs', paths.root, state), log);
  const ctx = EngineContext.assemble({
    options: { env, selfCommand: ['berth'] },
    paths,
    state,
    content: new ContentStore(paths.root),
    layers,
    storageDriver: 'vfs',
    roles: recordingHostRoles(log),
    runtime: {
      name: 'crun',
      path: '/fake/crun',
      reason: 'fake',
      passedOver: [],
      version: { raw: '', name: 'crun', version: '1' },
    } as never,
    conmon: { path: '/fake/conmon', version: 'conmon version 2.1.6' },
    config: loadContainersConfig({ env, rootless: false, homeDir: dir }),
  });
  const image = {
    id: 'a'.repeat(64),
    topLayer: null,
    configDigest: `sha256:${'a'.repeat(64)}` as Digest,
    manifestDigest: null,
    manifestMediaType: null,
    created: new Date().toISOString(),
    sizeBytes: 0,
    config: { config: {} },
    manifest: {},
    names: ['localhost/fake:latest'],
  };
  state.write(() => state.images.insert(image));
  const create = (config: Partial<ContainerConfig> = {}) =>
    createContainer(
      ctx,
      image,
      {
        imageName: 'localhost/fake:latest',
        command: ['true'],
        env: [],
        tty: false,
        interactive: false,
        autoRemove: false,
        network: { mode: 'none' },
        ...config,
      },
      `c${n++}`,
    );
  return { ctx, log, create };
}

function writeExit(ctx: EngineContext, id: string, code: number): void {
  const paths = containerPaths(ctx.paths, id);
  mkdirSync(paths.exitDir, { recursive: true });
  writeFileSync(paths.exitFile, String(code));
}

test('start sets up rootfs, /dev/shm, cgroups and the monitor in order, then starts and records running', async () => {
  const { ctx, log, create } = await fixture();
  const id = await create();
  const started = await startContainer(ctx, id, undefined);
  assert.ok(started?.runId);
  assert.deepEqual(log.calls, [
    'layers.mount',
    'mounts.mountShm',
    'runtime.prepareCgroups',
    'monitor.spawn',
    'runtime.start',
  ]);
  const record = ctx.state.containers.get(id);
  assert.equal(record?.state, 'running');
  assert.equal(readStateData(record?.stateData, id).runId, started?.runId);
  assert.equal(
    await startContainer(ctx, id, undefined),
    undefined,
    'starting a running container does nothing',
  );
  assert.equal(log.count('monitor.spawn'), 1);
});

test('a start that fails half-way undoes exactly what it did, newest first, and leaves the container as it was', async () => {
  const { ctx, log, create } = await fixture();
  const id = await create();
  log.failing.add('runtime.start');
  await assert.rejects(startContainer(ctx, id, undefined), /runtime.start failed/);
  assert.deepEqual(log.calls, [
    'layers.mount',
    'mounts.mountShm',
    'runtime.prepareCgroups',
    'monitor.spawn',
    'runtime.start',
    'runtime.kill 9',
    'runtime.delete',
    'runtime.removeCgroups',
    'mounts.unmount',
    'layers.unmount',
  ]);
  const record = ctx.state.containers.get(id);
  assert.equal(record?.state, 'created');
  assert.deepEqual(record?.stateData, {}, 'no run id, pid or mount point of the failed run');
  assert.equal(ctx.state.locks.get(`container:${id}`), undefined, 'the lock is released');
});

test('a failure before the monitor starts undoes only the mounts', async () => {
  const { ctx, log, create } = await fixture();
  const id = await create();
  log.failing.add('runtime.prepareCgroups');
  await assert.rejects(startContainer(ctx, id, undefined));
  assert.deepEqual(log.calls, [
    'layers.mount',
    'mounts.mountShm',
    'runtime.prepareCgroups',
    'mounts.unmount',
    'layers.unmount',
  ]);
});

test("conmon's exit command and a foreground run clean up one run once, whoever comes first", async () => {
  const { ctx, log, create } = await fixture();
  const id = await create();
  const started = await startContainer(ctx, id, undefined);
  writeExit(ctx, id, 3);
  log.calls.length = 0;
  const results = await Promise.all([
    cleanupContainer(ctx, id, started?.runId),
    cleanupContainer(ctx, id, started?.runId),
    cleanupContainer(ctx, id),
  ]);
  assert.equal(log.count('runtime.delete'), 1, `one teardown: ${log.calls.join(', ')}`);
  assert.deepEqual(log.calls, [
    'runtime.delete',
    'runtime.removeCgroups',
    'mounts.unmount',
    'layers.unmount',
  ]);
  assert.deepEqual(
    results.map((result) => result.exitCode).filter((code) => code !== undefined),
    [3],
  );
  const record = ctx.state.containers.get(id);
  assert.equal(record?.state, 'exited');
  assert.equal(readStateData(record?.stateData, id).exitCode, 3);
  assert.equal(readStateData(record?.stateData, id).runId, undefined);
  // A late exit command of that run does nothing once the container runs again.
  const again = await startContainer(ctx, id, undefined);
  log.calls.length = 0;
  await cleanupContainer(ctx, id, started?.runId);
  assert.deepEqual(log.calls, []);
  assert.equal(ctx.state.containers.get(id)?.state, 'running');
  assert.notEqual(again?.runId, started?.runId);
});

test('--rm: the cleanup that claims the run removes the container and its files', async () => {
  const { ctx, create } = await fixture();
  const id = await create({ autoRemove: true });
  const started = await startContainer(ctx, id, undefined);
  writeExit(ctx, id, 0);
  const [first, second] = await Promise.all([
    cleanupContainer(ctx, id, started?.runId),
    cleanupContainer(ctx, id, started?.runId),
  ]);
  assert.equal(first.removed && second.removed, true);
  assert.equal(ctx.state.containers.get(id), undefined);
});

test('a stop by the user wins over --restart always: the exit command does not start it again', async () => {
  const { ctx, log, create } = await fixture();
  const id = await create({ extra: { restartPolicy: { name: 'always', maxRetries: 0 } } });
  const started = await startContainer(ctx, id, undefined);
  // The container exits on the stop signal: conmon writes the exit file.
  log.failing.clear();
  const stopping = stopContainer(ctx, id, 1);
  writeExit(ctx, id, 143);
  await stopping;
  await cleanupContainer(ctx, id, started?.runId);
  assert.equal(log.count('monitor.spawn'), 1, 'not started again');
  assert.equal(ctx.state.containers.get(id)?.state, 'exited');
});

test('--restart on-failure starts the container again after a failing exit, counting restarts', async () => {
  const { ctx, log, create } = await fixture();
  const id = await create({ extra: { restartPolicy: { name: 'on-failure', maxRetries: 1 } } });
  let started = await startContainer(ctx, id, undefined);
  writeExit(ctx, id, 1);
  await cleanupContainer(ctx, id, started?.runId);
  assert.equal(log.count('monitor.spawn'), 2);
  assert.equal(readStateData(ctx.state.containers.get(id)?.stateData, id).restartCount, 1);
  started = {
    ...started,
    runId: readStateData(ctx.state.containers.get(id)?.stateData, id).runId ?? '',
  } as typeof started;
  writeExit(ctx, id, 1);
  await cleanupContainer(ctx, id, started?.runId);
  assert.equal(log.count('monitor.spawn'), 2, 'max retries reached');
});

test('rm refuses a running container without force; rm -f stops, tears down and removes it', async () => {
  const { ctx, log, create } = await fixture();
  const id = await create();
  await startContainer(ctx, id, undefined);
  await assert.rejects(
    removeContainer(ctx, id, false),
    (error: unknown) => (error as { code?: string }).code === 'CONTAINER_RUNNING',
  );
  const removing = removeContainer(ctx, id, true, 1);
  setTimeout(() => writeExit(ctx, id, 137), 50);
  await removing;
  assert.equal(ctx.state.containers.get(id), undefined);
  assert.equal(log.count('runtime.delete') >= 1, true);
  assert.equal(log.calls.at(-1), 'layers.unmount');
});

test('a start killed after spawning conmon leaves a run id the next start reaps first: monitor, runtime container, mounts', async () => {
  const { ctx, log, create } = await fixture();
  const id = await create();
  // What a start killed right after spawning conmon leaves: the run id and the starting marker.
  ctx.state.write(() =>
    ctx.state.containers.updateState(id, 'created', { runId: 'killed', starting: true }),
  );
  const started = await startContainer(ctx, id, undefined);
  assert.deepEqual(log.calls.slice(0, 5), [
    'monitor.reap',
    'runtime.delete',
    'runtime.removeCgroups',
    'mounts.unmount',
    'layers.unmount',
  ]);
  assert.equal(log.count('monitor.reap'), 1);
  const record = ctx.state.containers.get(id);
  assert.equal(record?.state, 'running');
  assert.equal(readStateData(record?.stateData, id).starting, undefined);
  assert.notEqual(started?.runId, 'killed');
});
