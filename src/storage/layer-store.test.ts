// Conformance suite run against both layer stores (overlay needs root and a kernel that mounts
// overlayfs: this suite is meant for such a host), plus overlay layout specifics.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pack, type Header } from 'tar-stream';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { runCommand } from '../host/command.ts';
import { readProcessStat } from '../host/process-alive.ts';
import { isMountPoint, overlaySupported } from '../host/mount.ts';
import { openLayerStore, type LayerStore, type StorageDriver } from './layer-store.ts';
import { SqliteState } from './sqlite-state.ts';

const hex = (c: string) => c.repeat(64);
const [base, child, ctr, ctr2, scratchCtr] = [hex('1'), hex('2'), hex('c'), hex('d'), hex('e')];

type Entry = Partial<Header> & { name: string; content?: string };

/** Extracts entries into dir the way pulls do: GNU tar with trusted.* xattrs. */
async function extract(dir: string, entries: Entry[]): Promise<void> {
  const archive = pack();
  for (const { content, ...header } of entries) archive.entry(header, content ?? '');
  archive.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of archive) chunks.push(chunk as Buffer);
  await runCommand(
    [
      'tar',
      '-x',
      '--xattrs',
      '--xattrs-include=trusted.*',
      '--numeric-owner',
      '-C',
      dir,
      '-f',
      '-',
    ],
    {
      input: Buffer.concat(chunks),
    },
  );
}

const baseLayer: Entry[] = [
  { name: 'etc/', type: 'directory', mode: 0o755 },
  { name: 'etc/os-release', content: 'base\n', mode: 0o644 },
  { name: 'etc/removed', content: 'gone soon\n', mode: 0o644 },
  { name: 'opaque/', type: 'directory', mode: 0o755 },
  { name: 'opaque/old', content: 'hidden by opaque\n', mode: 0o644 },
];
const childLayer: Entry[] = [
  { name: 'etc/', type: 'directory', mode: 0o755 },
  { name: 'etc/removed', type: 'character-device', devmajor: 0, devminor: 0, mode: 0 },
  { name: 'etc/child', content: 'child\n', mode: 0o644 },
  {
    name: 'opaque/',
    type: 'directory',
    mode: 0o755,
    pax: { 'SCHILY.xattr.trusted.overlay.opaque': 'y' },
  },
  { name: 'opaque/new', content: 'new\n', mode: 0o644 },
];

const roots: string[] = [];
const stores: LayerStore[] = [];
after(async () => {
  for (const store of stores) {
    for (const id of [ctr, ctr2, scratchCtr])
      await store.unmountContainerLayer(id).catch(() => undefined);
  }
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

function setup(driver: StorageDriver) {
  const root = mkdtempSync(join(tmpdir(), `berth-layers-${driver}-`));
  roots.push(root);
  const state = SqliteState.open(join(root, 'db.sql'));
  const store = openLayerStore(driver, join(root, 'graph'), state);
  stores.push(store);
  return { root, state, store, driverRoot: join(root, 'graph', driver) };
}

for (const driver of ['overlay', 'vfs'] as const) {
  describe(`${driver} layer store`, () => {
    const { state, store, driverRoot } = setup(driver);
    const stagingEntries = () => readdirSync(join(driverRoot, '.staging'));

    test('commit makes image layers visible with their rows; staging is left empty', async () => {
      const first = await store.beginLayer();
      await extract(first.diffPath, baseLayer);
      const record = await first.commit(base, null, { uncompressedSizeBytes: 42 });
      assert.equal(record.kind, 'image');
      assert.equal(state.layers.get(base)?.uncompressedSizeBytes, 42);
      await using second = await store.beginLayer();
      await extract(second.diffPath, childLayer);
      await second.commit(child, base);
      assert.deepEqual(
        state.layers.chain(child).map((l) => l.id),
        [child, base],
      );
      assert.equal(readFileSync(join(store.diffPath(base), 'etc/os-release'), 'utf8'), 'base\n');
      assert.deepEqual(stagingEntries(), []);
    });

    test('discard, a failed commit and a disposed error path leave nothing', async () => {
      const staged = await store.beginLayer();
      writeFileSync(join(staged.diffPath, 'x'), 'x');
      await staged.discard();
      const orphan = await store.beginLayer();
      await assert.rejects(orphan.commit(hex('9'), hex('8')), { code: 'NO_SUCH_LAYER' });
      await assert.rejects(
        (async () => {
          await using failing = await store.beginLayer();
          writeFileSync(join(failing.diffPath, 'y'), 'y');
          throw new Error('extraction failed');
        })(),
        /extraction failed/,
      );
      assert.deepEqual(stagingEntries(), []);
      assert.equal(state.layers.get(hex('9')), undefined);
      assert.equal(existsSync(join(driverRoot, hex('9'))), false);
    });

    test('committing a layer another process committed first returns the existing record', async () => {
      const [a, b] = [await store.beginLayer(), await store.beginLayer()];
      const [ra, rb] = await Promise.all([a.commit(hex('5'), null), b.commit(hex('5'), null)]);
      assert.equal(ra.shortLink, rb.shortLink);
      assert.deepEqual(stagingEntries(), []);
      await store.deleteLayer(hex('5'));
      assert.equal(existsSync(join(driverRoot, hex('5'))), false);
    });

    test('a container layer mounts a rootfs that merges the image layers and takes writes', async () => {
      const image = { imageId: null, created: 'now', state: 'created', config: {}, stateData: {} };
      await store.createContainerLayer(ctr, child, (layer) =>
        state.containers.insert({ ...image, id: ctr, name: 'c1', layerId: layer.id }),
      );
      assert.equal(state.containers.get(ctr)?.layerId, ctr);
      const rootfs = await store.mountContainerLayer(ctr);
      assert.equal(await store.mountContainerLayer(ctr), rootfs, 'mounting twice is a no-op');
      assert.equal(readFileSync(join(rootfs, 'etc/os-release'), 'utf8'), 'base\n');
      assert.equal(readFileSync(join(rootfs, 'etc/child'), 'utf8'), 'child\n');
      assert.equal(existsSync(join(rootfs, 'etc/removed')), false, 'whiteout hides the base file');
      assert.deepEqual(
        readdirSync(join(rootfs, 'opaque')),
        ['new'],
        'opaque dir hides base entries',
      );
      writeFileSync(join(rootfs, 'written'), 'through rootfs');
      assert.equal(readFileSync(join(store.diffPath(ctr), 'written'), 'utf8'), 'through rootfs');
      assert.equal(existsSync(join(store.diffPath(child), 'written')), false);
      await store.unmountContainerLayer(ctr);
      await store.unmountContainerLayer(ctr);
    });

    test('register failing in the transaction leaves no container layer', async () => {
      await assert.rejects(
        store.createContainerLayer(ctr2, child, (layer) =>
          state.containers.insert({
            id: ctr2,
            name: 'c1',
            imageId: null,
            layerId: layer.id,
            created: 'now',
            state: 'created',
            config: {},
            stateData: {},
          }),
        ),
        { code: 'NAME_IN_USE' },
      );
      assert.equal(state.layers.get(ctr2), undefined);
      assert.equal(existsSync(join(driverRoot, ctr2)), false);
      assert.deepEqual(stagingEntries(), []);
    });

    test('a container layer without an image layer (FROM scratch) mounts empty', async () => {
      await store.createContainerLayer(scratchCtr, null);
      const rootfs = await store.mountContainerLayer(scratchCtr);
      assert.deepEqual(readdirSync(rootfs), []);
      await store.unmountContainerLayer(scratchCtr);
      await store.deleteLayer(scratchCtr);
    });

    test('delete refuses layers in use and removes rows and files otherwise', async () => {
      await assert.rejects(store.deleteLayer(child), { code: 'STORAGE' });
      await store.mountContainerLayer(ctr);
      await store.deleteLayer(ctr, () => state.containers.delete(ctr));
      assert.equal(state.containers.get(ctr), undefined);
      assert.equal(state.layers.get(ctr), undefined);
      assert.equal(existsSync(join(driverRoot, ctr)), false);
      await store.deleteLayer(ctr);
      assert.ok(existsSync(store.diffPath(child)));
    });

    test('cleanupStaging removes dead staging dirs and rowless layer dirs, keeps live ones', async () => {
      mkdirSync(join(driverRoot, '.staging', '2147483647-dead'), { recursive: true });
      mkdirSync(join(driverRoot, '.staging', `${process.pid}-live`));
      mkdirSync(join(driverRoot, hex('7'), 'diff'), { recursive: true });
      await store.cleanupStaging();
      assert.deepEqual(stagingEntries(), [`${process.pid}-live`]);
      assert.equal(existsSync(join(driverRoot, hex('7'))), false);
      assert.ok(existsSync(store.diffPath(base)) && existsSync(store.diffPath(child)));
      rmSync(join(driverRoot, '.staging', `${process.pid}-live`), { recursive: true });
    });

    test('cleanupStaging removes staging dirs of zombie owners and of reused pids', async () => {
      const parentStart = readProcessStat(process.ppid)?.startTime as number;
      const ownStart = readProcessStat(process.pid)?.startTime as number;
      // `sleep 1` becomes a zombie once the shell has exec'd `sleep 8` (which never reaps it); the 1 s lets the exec happen
      // first, since a shell still running reaps a child that exits early.
      const zombieParent = spawn('sh', ['-c', 'sleep 1 & echo $!; exec sleep 8'], {
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      try {
        const [line] = (await once(zombieParent.stdout, 'data')) as [Buffer];
        const zombie = Number(line.toString().trim());
        while (readProcessStat(zombie)?.state !== 'Z')
          await new Promise((resolve) => setTimeout(resolve, 10));
        const names = {
          zombie: `${zombie}-abc123`,
          zombieWithStart: `${zombie}-${readProcessStat(zombie)?.startTime}-abc123`,
          reusedPid: `${process.ppid}-${parentStart + 1}-abc123`,
          live: `${process.ppid}-${parentStart}-abc123`,
          ownOld: `${process.pid}-${ownStart - 1}-abc123`,
        };
        for (const name of Object.values(names))
          mkdirSync(join(driverRoot, '.staging', name), { recursive: true });
        await using staged = await store.beginLayer();
        assert.match(
          staged.diffPath,
          new RegExp(`/\\.staging/${process.pid}-${ownStart}-\\w+/diff$`),
        );
        await store.cleanupStaging();
        assert.deepEqual(
          stagingEntries().sort(),
          [names.live, staged.diffPath.split('/').at(-2) as string].sort(),
        );
        rmSync(join(driverRoot, '.staging', names.live), { recursive: true });
      } finally {
        zombieParent.kill('SIGKILL');
      }
    });
  });
}

describe('overlay layout', () => {
  const { state, store, driverRoot } = setup('overlay');

  test('commit writes link, lower and the l/<short> symlink; the mount uses them', async () => {
    for (const [id, parent] of [
      [base, null],
      [child, base],
    ] as const) {
      await using staged = await store.beginLayer();
      writeFileSync(join(staged.diffPath, `file-${id.slice(0, 1)}`), id);
      await staged.commit(id, parent);
    }
    const [b, c] = [state.layers.get(base)!, state.layers.get(child)!];
    assert.equal(readFileSync(join(driverRoot, base, 'link'), 'utf8'), b.shortLink);
    assert.equal(existsSync(join(driverRoot, base, 'lower')), false);
    assert.equal(readFileSync(join(driverRoot, child, 'lower'), 'utf8'), `l/${b.shortLink}`);
    assert.equal(readlinkSync(join(driverRoot, 'l', c.shortLink)), `../${child}/diff`);
    await store.createContainerLayer(ctr, child);
    assert.equal(
      readFileSync(join(driverRoot, ctr, 'lower'), 'utf8'),
      `l/${c.shortLink}:l/${b.shortLink}`,
    );
    for (const sub of ['diff', 'work', 'merged'])
      assert.ok(lstatSync(join(driverRoot, ctr, sub)).isDirectory());
    const merged = await store.mountContainerLayer(ctr);
    assert.equal(merged, join(driverRoot, ctr, 'merged'));
    assert.equal(await isMountPoint(merged), true);
    assert.deepEqual(readdirSync(merged).sort(), ['file-1', 'file-2']);
    await store.deleteLayer(ctr);
    assert.equal(await isMountPoint(merged), false);
  });

  test('cleanupStaging removes dangling short links', async () => {
    writeFileSync(join(driverRoot, 'l', 'DANGLING'), '');
    await store.cleanupStaging();
    assert.deepEqual(
      readdirSync(join(driverRoot, 'l')).sort(),
      [state.layers.get(base)!.shortLink, state.layers.get(child)!.shortLink].sort(),
    );
  });
});

test('overlaySupported probes by mounting once and caches the answer in the runroot', async () => {
  const root = mkdtempSync(join(tmpdir(), 'berth-probe-'));
  roots.push(root);
  const [graphRoot, runRoot] = [join(root, 'graph'), join(root, 'run')];
  assert.equal(await overlaySupported(graphRoot, runRoot), true);
  assert.equal(readFileSync(join(runRoot, 'overlay-supported'), 'utf8'), 'yes\n');
  assert.deepEqual(readdirSync(graphRoot), [], 'the probe dir is removed');
  writeFileSync(join(runRoot, 'overlay-supported'), 'no\ncached\n');
  assert.equal(await overlaySupported(graphRoot, runRoot), false, 'the cached answer is used');
});
