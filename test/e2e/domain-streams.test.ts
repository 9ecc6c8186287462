// The domain interface driven in-process, as a REST server would drive it: run, attach, logs and
// export move bytes through in-memory streams the caller gives, never the process's own stdio or
// signal handlers, and the reports (errors included) survive a JSON round trip.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { realpathSync } from 'node:fs';
import { PassThrough, Writable } from 'node:stream';
import { berthBin, createBerthEnv, type BerthEnv } from '../harness/berth-env.ts';
import { importBusybox } from '../harness/fixtures.ts';
import { waitFor } from '../harness/wait.ts';
import { openEngine } from '../../src/domain/open-engine.ts';
import type { AttachedSession } from '../../src/domain/container-io.ts';
import type { ContainerRunOptions } from '../../src/domain/container-reports.ts';
import type { Engine } from '../../src/domain/engine.ts';

function collector(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

function runOptions(
  name: string,
  command: string[],
  extra: Partial<ContainerRunOptions> = {},
): ContainerRunOptions {
  const base = {
    image: 'busybox',
    command,
    name,
    remove: false,
    detach: false,
    interactive: false,
    tty: false,
  };
  return { ...base, env: [], volumes: [], network: 'none', ...extra };
}

async function openInProcess(env: BerthEnv): Promise<Engine> {
  return openEngine({
    root: env.root,
    runroot: env.runroot,
    env: env.env,
    selfCommand: [process.execPath, '--', realpathSync(berthBin)],
  });
}

test('run and attach relay stdio through the streams given; abort detaches; logs and export stop or stay open as told', async (t) => {
  const env = await createBerthEnv(t);
  await importBusybox(env);
  await using engine = await openInProcess(env);
  const signalListeners = () =>
    ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGWINCH'].map((name) => process.listenerCount(name));
  const listenersBefore = signalListeners();

  // A foreground run: output into the caller's streams, the exit status in a plain report.
  const out = collector();
  const err = collector();
  const sessions: AttachedSession[] = [];
  const report = await engine.containers.run(
    runOptions('fg', ['sh', '-c', 'echo to-out; echo to-err >&2; exit 3']),
    {
      stdout: out.stream,
      stderr: err.stream,
      onAttached: (session) => sessions.push(session),
    },
  );
  assert.deepEqual(JSON.parse(JSON.stringify(report)), report);
  assert.equal(report.exitCode, 3);
  assert.equal(out.text(), 'to-out\n');
  assert.equal(err.text(), 'to-err\n');
  assert.deepEqual(sessions, [{ id: report.id, tty: false }]);
  assert.equal(out.stream.writableEnded, false, 'the engine leaves the streams it is given open');

  // -i: the caller's stdin reaches the container; its end closes the container's stdin.
  const stdin = new PassThrough();
  const echoed = collector();
  const running = engine.containers.run(runOptions('cat', ['cat'], { interactive: true }), {
    stdout: echoed.stream,
    stderr: new PassThrough(),
    stdin,
  });
  stdin.end('from-the-caller\n');
  assert.equal((await running).exitCode, 0);
  assert.equal(echoed.text(), 'from-the-caller\n');

  // attach to a running container; aborting the call detaches and leaves it running.
  const { id } = await engine.containers.run(
    runOptions('svc', ['sh', '-c', 'while :; do echo tick; sleep 0.2; done'], { detach: true }),
  );
  const ticks = collector();
  const controller = new AbortController();
  const attached = engine.containers.attach(
    { ref: 'svc', latest: false, noStdin: true },
    { stdout: ticks.stream, stderr: new PassThrough(), signal: controller.signal },
  );
  await waitFor(async () => ticks.text().includes('tick'), 'attached output');
  controller.abort();
  assert.equal(await attached, undefined, 'an aborted attach returns as a detach does');
  const [summary] = await engine.containers.list({
    all: true,
    latest: false,
    last: -1,
    filters: ['name=svc'],
  });
  assert.equal(summary?.State, 'running');

  // logs -f follows until the call is aborted.
  const lines: string[] = [];
  const following = new AbortController();
  const logs = engine.containers.logs(
    { refs: [id], follow: true, tail: 1, timestamps: false, names: false, latest: false },
    (line) => lines.push(line.text),
    { signal: following.signal },
  );
  await waitFor(async () => lines.length >= 2, 'followed log lines');
  following.abort();
  await logs;
  assert.ok(lines.every((line) => line === 'tick\n'));

  // export writes the tar into the stream given and leaves it open.
  let tarBytes = 0;
  const sink = new Writable({
    write: (chunk: Buffer, _encoding, done) => ((tarBytes += chunk.length), done()),
  });
  await engine.containers.export('svc', sink);
  assert.ok(tarBytes > 10_240, `a tar of the rootfs (${tarBytes} bytes)`);
  assert.equal(sink.writableEnded, false);

  // Errors in reports are data: they survive JSON and keep their code.
  const removed = await engine.containers.remove({
    refs: ['svc', 'no-such'],
    all: false,
    force: true,
    ignore: false,
    timeoutSeconds: 0,
  });
  const wire: unknown = JSON.parse(JSON.stringify(removed));
  assert.deepEqual(wire, removed);
  assert.equal(removed[0]?.error, undefined);
  assert.equal(removed[1]?.error?.code, 'NO_SUCH_CONTAINER');
  assert.match(removed[1]?.error?.message ?? '', /no such container/);

  assert.deepEqual(signalListeners(), listenersBefore, 'the engine installs no signal handlers');
});
