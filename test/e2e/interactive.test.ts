// run -it and exec -it in a real terminal (tmux): the shell's prompt and echo, the window size at
// start and after a resize (conmon's ctl fifo), detaching with ctrl-p ctrl-q and attaching again,
// and the exit status when the shell exits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { berthBin, createBerthEnv } from '../harness/berth-env.ts';
import { importBusybox } from '../harness/fixtures.ts';
import { openTerminal } from '../harness/tmux.ts';

test('run -it gives a shell with the terminal size, follows a resize, detaches and re-attaches', async (t) => {
  const env = await createBerthEnv(t);
  await importBusybox(env);
  const berth = [process.execPath, '--', berthBin, ...env.globalArgs];
  // The pane's shell prints berth's exit status after it returns.
  const term = await openTerminal(
    [
      'sh',
      '-c',
      '"$@"; echo "berth-exit=$?"',
      'sh',
      ...berth,
      'run',
      '-it',
      '--name',
      'tty',
      'busybox',
      'sh',
    ],
    { env: env.env, columns: 80, rows: 24 },
  );
  t.after(() => term.dispose());
  await term.waitFor(/^\/ #/m, 'the container shell prompt');
  await term.line('stty size; echo sum=$((40+2))');
  await term.waitFor(/^24 80\nsum=42$/m, 'the size at start and the echo');
  await term.resize(100, 30);
  await term.line('stty size');
  await term.waitFor(/^30 100$/m, 'the size after the resize');

  await term.send(['C-p', 'C-q']);
  await term.waitFor(/berth-exit=0/, 'berth to return after the detach keys');
  assert.equal(
    (await env.berthOk(['inspect', '--format', '{{.State.Status}}', 'tty'])).trim(),
    'running',
    'detaching leaves the container running',
  );

  const again = await openTerminal(
    ['sh', '-c', '"$@"; echo "attach-exit=$?"', 'sh', ...berth, 'attach', 'tty'],
    { env: env.env },
  );
  t.after(() => again.dispose());
  // attach prints nothing when it connects: type until the shell answers, as a user would.
  let answered = false;
  for (let attempt = 0; attempt < 20 && !answered; attempt++) {
    await again.line('echo back-$((1+1))');
    answered = await again.waitFor(/^back-2$/m, 'an answer', 1000).then(
      () => true,
      () => false,
    );
  }
  assert.ok(answered, `the re-attached shell answers:\n${await again.screen()}`);
  await again.line('exit 3');
  await again.waitFor(/attach-exit=3/, 'attach to return the exit status');
  assert.equal(
    (
      await env.berthOk(['inspect', '--format', '{{.State.Status}} {{.State.ExitCode}}', 'tty'])
    ).trim(),
    'exited 3',
  );
});

test('exec -it runs a second shell in a running container, with its own pty and exit status', async (t) => {
  const env = await createBerthEnv(t);
  await importBusybox(env);
  await env.berthOk(['run', '-d', '--name', 'svc', 'busybox', 'sleep', '300']);
  const term = await openTerminal(
    [
      'sh',
      '-c',
      '"$@"; echo "exec-exit=$?"',
      'sh',
      process.execPath,
      '--',
      berthBin,
      ...env.globalArgs,
      'exec',
      '-it',
      'svc',
      'sh',
    ],
    { env: env.env, columns: 90, rows: 20 },
  );
  t.after(() => term.dispose());
  await term.waitFor(/^\/ #/m, 'the exec shell prompt');
  await term.line('tty; stty size; ps -o pid,comm | grep -c sleep');
  await term.waitFor(
    /^\/dev\/pts\/\d+\n20 90\n1$/m,
    'a pty of the terminal size, and the container processes visible',
  );
  await term.resize(110, 33);
  await term.line('stty size');
  await term.waitFor(/^33 110$/m, 'the exec pty to follow the resize (its own ctl fifo)');
  await term.line('exit 5');
  await term.waitFor(/exec-exit=5/, 'exec to return the shell status');
  assert.equal(
    (await env.berthOk(['inspect', '--format', '{{.State.Status}}', 'svc'])).trim(),
    'running',
  );
  await env.berthOk(['rm', '-f', '-t', '0', 'svc']);
});
