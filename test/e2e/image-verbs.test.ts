// The local image verbs as a user runs them: inspect, tag, untag, rmi, history, image exists,
// image prune and images --filter/--sort, with podman's output lines and exit statuses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createBerthEnv } from '../harness/berth-env.ts';
import { busyboxRootfsTar, importBusybox } from '../harness/fixtures.ts';

const inspectKeys = [
  'Id', 'Digest', 'RepoTags', 'RepoDigests', 'Parent', 'Comment', 'Created', 'Config', 'Version', 'Author',
  'Architecture', 'Os', 'Size', 'VirtualSize', 'GraphDriver', 'RootFS', 'Labels', 'Annotations', 'ManifestType',
  'User', 'History', 'NamesHistory',
]; // prettier-ignore

test('inspect and image exists: podman JSON, templates, errors', async (t) => {
  const env = await createBerthEnv(t);
  const id = await importBusybox(env);

  const exists = await env.berth(['image', 'exists', 'busybox']);
  assert.deepEqual([exists.status, exists.stdout, exists.stderr], [0, '', '']);
  const missing = await env.berth(['image', 'exists', 'nosuch']);
  assert.deepEqual([missing.status, missing.stdout, missing.stderr], [1, '', '']);

  const json = await env.berthOk(['image', 'inspect', 'localhost/busybox']);
  assert.ok(json.startsWith(`[\n    {\n        "Id": "${id}",\n`), json.slice(0, 80));
  const [image] = JSON.parse(json) as Record<string, unknown>[];
  assert.deepEqual(Object.keys(image ?? {}), inspectKeys);
  assert.deepEqual(image?.['RepoTags'], ['localhost/busybox:latest']);
  assert.equal(image?.['Os'], 'linux');
  const rootfs = image?.['RootFS'] as { Type: string; Layers: string[] };
  assert.equal(rootfs.Type, 'layers');
  assert.match(rootfs.Layers[0] ?? '', /^sha256:[0-9a-f]{64}$/);
  assert.match(String(image?.['Digest']), /^sha256:[0-9a-f]{64}$/);
  assert.deepEqual(image?.['RepoDigests'], [`localhost/busybox@${String(image?.['Digest'])}`]);

  assert.equal(
    await env.berthOk(['inspect', '--format', '{{.Id}} {{.Os}} {{.RootFS.Type}}', 'busybox']),
    `${id} linux layers\n`,
  );
  assert.equal(
    await env.berthOk(['image', 'inspect', '-f', '{{.ID}}', id.slice(0, 12)]),
    `${id}\n`,
  );
  assert.equal(
    await env.berthOk(['inspect', '--type', 'image', '--format', 'json', 'busybox']),
    json,
  );

  const unknownAll = await env.berth(['inspect', 'nosuch']);
  assert.equal(unknownAll.status, 125);
  assert.equal(unknownAll.stdout, '[]\n');
  assert.equal(unknownAll.stderr, 'Error: inspecting object: no such object: "nosuch"\n');
  const unknownImage = await env.berth(['image', 'inspect', 'busybox', 'nosuch']);
  assert.equal(unknownImage.status, 125);
  assert.equal(
    (JSON.parse(unknownImage.stdout) as unknown[]).length,
    1,
    'found images are still printed',
  );
  assert.equal(unknownImage.stderr, 'Error: inspecting object: nosuch: image not known\n');
});

test('tag, untag and rmi of a name: untag only while other names remain', async (t) => {
  const env = await createBerthEnv(t);
  const id = await importBusybox(env);
  assert.equal(await env.berthOk(['tag', 'busybox', 'mytag', 'quay.io/x/y:2']), '');
  const names = await env.berthOk([
    'images',
    '--format',
    '{{.Repository}}:{{.Tag}}',
    '--sort',
    'repository',
  ]);
  assert.equal(names, 'localhost/busybox:latest\nlocalhost/mytag:latest\nquay.io/x/y:2\n');

  const upper = await env.berth(['tag', 'busybox', 'Foo']);
  assert.deepEqual(
    [upper.status, upper.stderr],
    [125, 'Error: normalizing name "Foo": repository name must be lowercase\n'],
  );

  const untagged = await env.berth(['rmi', 'mytag']);
  assert.deepEqual(
    [untagged.status, untagged.stdout, untagged.stderr],
    [0, 'Untagged: localhost/mytag:latest\n', ''],
  );
  assert.equal(await env.berthOk(['untag', 'busybox', 'quay.io/x/y:2']), '');
  const notTag = await env.berth(['untag', 'busybox', 'nosuch']);
  assert.deepEqual(
    [notTag.status, notTag.stderr],
    [125, 'Error: localhost/nosuch:latest: tag not known\n'],
  );
  assert.equal(
    await env.berthOk(['images', '--format', '{{.Repository}}:{{.Tag}}']),
    'localhost/busybox:latest\n',
  );

  const byId = await env.berth(['tag', id, 'second']);
  assert.equal(byId.status, 0, byId.stderr);
  const refused = await env.berth(['rmi', id.slice(0, 12)]);
  assert.equal(refused.status, 2);
  assert.equal(
    refused.stderr,
    `Error: unable to delete image "${id}" by ID with more than one tag ([localhost/busybox:latest localhost/second:latest]): please force removal\n`,
  );

  const config = join(env.root, 'blobs', 'sha256', id);
  assert.ok(existsSync(config), 'the config blob is stored');
  const removed = await env.berth(['rmi', '-f', id]);
  assert.equal(removed.status, 0, removed.stderr);
  assert.equal(
    removed.stdout,
    `Untagged: localhost/busybox:latest\nUntagged: localhost/second:latest\nDeleted: ${id}\n`,
  );
  assert.equal(existsSync(config), false, 'rmi deletes the config blob');
  assert.equal(await env.berthOk(['images', '-q']), '');

  const unknown = await env.berth(['rmi', 'nosuch']);
  assert.deepEqual(
    [unknown.status, unknown.stdout, unknown.stderr],
    [1, '', 'Error: nosuch: image not known\n'],
  );
  const ignored = await env.berth(['rmi', '-i', 'nosuch']);
  assert.deepEqual([ignored.status, ignored.stderr], [0, '']);
  const none = await env.berth(['rmi']);
  assert.deepEqual(
    [none.status, none.stderr],
    [125, 'Error: image name or ID must be specified\n'],
  );
});

test('rmi refuses an image a container uses, -f removes both', async (t) => {
  const env = await createBerthEnv(t);
  const id = await importBusybox(env);
  const run = await env.berth(['run', '--name', 'keep', 'localhost/busybox', 'true']);
  assert.equal(run.status, 0, run.stderr);
  const refused = await env.berth(['rmi', 'busybox']);
  assert.equal(refused.status, 2);
  assert.equal(refused.stdout, '');
  assert.match(
    refused.stderr,
    /^Error: image used by [0-9a-f]{64}: image is in use by a container: consider listing external containers and force-removing image\n$/,
  );
  assert.equal(
    (await env.berth(['image', 'exists', id])).status,
    0,
    'the refused image is still there',
  );

  const forced = await env.berth(['rmi', '-f', 'busybox']);
  assert.equal(forced.status, 0, forced.stderr);
  assert.equal(forced.stdout, `Untagged: localhost/busybox:latest\nDeleted: ${id}\n`);
  const info = JSON.parse(await env.berthOk(['info', '--format', 'json'])) as {
    store: { containerStore: { number: number }; imageStore: { number: number } };
  };
  assert.equal(info.store.containerStore.number, 0, 'rmi -f removed the container');
  assert.equal(info.store.imageStore.number, 0);
});

test('history: podman columns, --no-trunc, -q, --format, json', async (t) => {
  const env = await createBerthEnv(t);
  const tarball = await busyboxRootfsTar(env.dir);
  const id = (
    await env.berthOk(['import', '--message', 'imported here', tarball, 'localhost/hist'])
  ).trim();
  const [header, row, extra] = (await env.berthOk(['history', 'hist'])).split('\n');
  assert.match(header ?? '', /^ID\s+CREATED\s+CREATED BY\s+SIZE\s+COMMENT$/);
  assert.match(
    row ?? '',
    new RegExp(
      `^${id.slice(0, 12)}\\s+\\S.* ago\\s+/bin/sh -c #\\(nop\\) ADD file:[0-9a-f]+\\.\\.\\.\\s+[\\d.]+ [kM]B\\s+imported here$`,
    ),
  );
  assert.equal(extra, '');
  assert.equal(await env.berthOk(['history', '-q', 'hist']), `${id.slice(0, 12)}\n`);
  assert.equal(await env.berthOk(['image', 'history', '-q', '--no-trunc', 'hist']), `${id}\n`);
  const full = await env.berthOk([
    'history',
    '--no-trunc',
    '--format',
    '{{.CreatedBy}}|{{.Comment}}',
    'hist',
  ]);
  assert.match(full, /^\/bin\/sh -c #\(nop\) ADD file:[0-9a-f]{64} in \/ \|imported here\n$/);
  const [entry] = JSON.parse(await env.berthOk(['history', '--format', 'json', 'hist'])) as Record<
    string,
    unknown
  >[];
  assert.equal(entry?.['id'], id);
  assert.deepEqual(entry?.['tags'], ['localhost/hist:latest']);
  assert.equal(typeof entry?.['size'], 'number');
  const unknown = await env.berth(['history', 'nosuch']);
  assert.deepEqual([unknown.status, unknown.stderr], [125, 'Error: nosuch: image not known\n']);
});

test('images --filter and image prune keep shared layers', async (t) => {
  const env = await createBerthEnv(t);
  const busybox = await importBusybox(env);
  const tarball = await busyboxRootfsTar(env.dir);
  const labelled = (
    await env.berthOk(['import', '--change', 'LABEL tier=web', tarball, 'localhost/labelled'])
  ).trim();
  assert.notEqual(labelled, busybox);

  const q = (args: string[]): Promise<string> =>
    env.berthOk(['images', '-q', '--no-trunc', ...args]);
  assert.equal(await q(['--filter', 'label=tier=web']), `sha256:${labelled}\n`);
  assert.equal(await q(['--filter', 'label=tier=db']), '');
  assert.equal(await q(['--filter', 'reference=busybox']), `sha256:${busybox}\n`);
  assert.equal(await q(['--filter', 'reference=localhost/lab*']), `sha256:${labelled}\n`);
  assert.equal(await q(['--filter', 'since=busybox']), `sha256:${labelled}\n`);
  assert.equal(await q(['--filter', 'before=labelled']), `sha256:${busybox}\n`);
  assert.equal(await q(['--filter', 'dangling=true']), '');
  const badFilter = await env.berth(['images', '--filter', 'colour=red']);
  assert.deepEqual(
    [badFilter.status, badFilter.stderr],
    [125, 'Error: unsupported image filter "colour"\n'],
  );
  const badSort = await env.berth(['images', '--sort', 'name']);
  assert.deepEqual(
    [badSort.status, badSort.stderr],
    [125, 'Error: invalid option for --sort, options are: [created id repository size tag]\n'],
  );

  await env.berthOk(['untag', 'labelled']);
  assert.equal(await q(['--filter', 'dangling=true']), `sha256:${labelled}\n`);
  const table = await env.berthOk(['images', '--filter', 'dangling=true']);
  assert.match(
    table.split('\n')[1] ?? '',
    new RegExp(`^<none>\\s+<none>\\s+${labelled.slice(0, 12)}\\s`),
  );

  const asked = await env.berth(['image', 'prune'], { input: 'n\n' });
  assert.equal(
    asked.stdout,
    'WARNING! This command removes all dangling images.\nAre you sure you want to continue? [y/N] ',
  );
  assert.equal(
    (await env.berth(['image', 'exists', labelled])).status,
    0,
    'answering no keeps the image',
  );

  assert.equal(await env.berthOk(['image', 'prune', '-f']), `${labelled}\n`);
  assert.equal((await env.berth(['image', 'exists', labelled])).status, 1);
  const run = await env.berth(['run', '--rm', 'localhost/busybox', 'echo', 'still here']);
  assert.deepEqual(
    [run.status, run.stdout],
    [0, 'still here\n'],
    'the shared layer survived the prune',
  );

  assert.equal(await env.berthOk(['image', 'prune', '-a', '-f']), `${busybox}\n`);
  assert.equal(await env.berthOk(['images', '-q']), '');
});

test('rmi -a deletes every image', async (t) => {
  const env = await createBerthEnv(t);
  const id = await importBusybox(env);
  const all = await env.berth(['rmi', '-a']);
  assert.deepEqual(
    [all.status, all.stdout],
    [0, `Untagged: localhost/busybox:latest\nDeleted: ${id}\n`],
  );
  assert.equal(await env.berthOk(['images', '-q']), '');
});
