// The exec session API a REST server will call (create, start with streams, inspect, resize),
// driven in-process against a container the built CLI started: the engine takes the caller's
// streams and never this process's own stdio.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { berthBin, createBerthEnv } from '../harness/berth-env.ts';
import { importBusybox } from '../harness/fixtures.ts';
import { waitFor } from '../harness/wait.ts';
import { openEngine } from '../../src/domain/open-engine.ts';
import type { ExecStreams, TerminalSize } from '../../src/domain/container-reports.ts';

function collected(stream: PassThrough): () => string {
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  return () => Buffer.concat(chunks).toString();
}

test('execCreate, execStart with streams, execInspect and execResize', async (t) => {
  const env = await createBerthEnv(t);
  await importBusybox(env);
  await env.berthOk(['run', '-d', '--name', 'box', 'busybox', 'sleep', '300']);
  const engine = await openEngine({
    root: env.root,
    runroot: env.runroot,
    env: env.env,
    selfCommand: [process.execPath, '--', berthBin],
  });
  try {
    const api = engine.containers;
    const base = { ref: 'box', latest: false, env: [] };

    // stdin in, stdout and stderr apart, the exit status, and the session's states.
    const { sessionId } = await api.execCreate({
      ...base,
      command: ['sh', '-c', 'read line; echo "got $line"; echo err >&2; exit 4'],
      tty: false,
      interactive: true,
    });
    const created = await api.execInspect(sessionId);
    assert.deepEqual(
      [created.State, created.Running, created.Pid, created.OpenStdin],
      ['created', false, 0, true],
    );
    const [stdin, stdout, stderr] = [new PassThrough(), new PassThrough(), new PassThrough()];
    const [out, err] = [collected(stdout), collected(stderr)];
    stdin.end('hello\n');
    assert.deepEqual(await api.execStart(sessionId, { stdin, stdout, stderr }), {
      sessionId,
      exitCode: 4,
    });
    assert.deepEqual([out(), err()], ['got hello\n', 'err\n']);
    const exited = await api.execInspect(sessionId);
    assert.deepEqual([exited.State, exited.Running, exited.ExitCode], ['exited', false, 4]);
    assert.ok(exited.Pid > 0, 'the pid it ran as');
    await assert.rejects(api.execStart(sessionId, { stdout, stderr }), { code: 'CONTAINER_STATE' });

    // -t: the size given at start, then a size from the caller's resize events.
    const tty = await api.execCreate({
      ...base,
      command: ['sh', '-c', 'stty size; sleep 1; stty size'],
      tty: true,
      interactive: false,
    });
    const ttyOut = new PassThrough();
    const ttyText = collected(ttyOut);
    const terminal: ExecStreams['terminal'] = {
      size: { rows: 12, columns: 40 },
      // The window changes once the first size is out (then the shell sleeps a second).
      onResize: (listener: (size: TerminalSize) => void) => {
        const onData = () => {
          ttyOut.off('data', onData);
          listener({ rows: 33, columns: 77 });
        };
        if (ttyText() === '') ttyOut.on('data', onData);
        else onData();
        return () => ttyOut.off('data', onData);
      },
    };
    assert.equal(
      (await api.execStart(tty.sessionId, { stdout: ttyOut, stderr: ttyOut, terminal })).exitCode,
      0,
    );
    assert.equal(ttyText(), '12 40\r\n33 77\r\n');

    // Detached start, then execResize from "another request" while it runs.
    const detached = await api.execCreate({
      ...base,
      command: ['sh', '-c', 'sleep 3; exit 6'],
      tty: true,
      interactive: false,
    });
    assert.deepEqual(await api.execStart(detached.sessionId), { sessionId: detached.sessionId });
    assert.equal((await api.execInspect(detached.sessionId)).Running, true);
    await api.execResize(detached.sessionId, { rows: 21, columns: 61 });
    await waitFor(
      async () => (await api.execInspect(detached.sessionId)).State === 'exited',
      'the detached session to exit',
      15_000,
    );
    assert.equal((await api.execInspect(detached.sessionId)).ExitCode, 6);
    await assert.rejects(api.execResize(detached.sessionId, { rows: 1, columns: 1 }), {
      code: 'CONTAINER_STATE',
    });
    await assert.rejects(api.execInspect('0'.repeat(64)), { code: 'NO_SUCH_EXEC_SESSION' });
  } finally {
    await engine[Symbol.asyncDispose]();
  }
  await env.berthOk(['rm', '-f', '-t', '0', 'box']);
});
