// dieWithParent against real processes: the child goes when its parent is killed with SIGKILL.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { dieWithParent } from './parent-death.ts';
import { isProcessLive, readProcessStat } from './process-alive.ts';

/**
 * Starts `sleep 60` (argv passed through wrap) under a node parent, kills the parent with
 * SIGKILL and tells whether the sleep still runs 2 s later (it is killed here if so).
 */
async function outlivesItsParent(wrap: (argv: string[]) => string[]): Promise<boolean> {
  const [file, ...args] = wrap(['sleep', '60']);
  const script = `const c = require('node:child_process').spawn(${JSON.stringify(file)},
    ${JSON.stringify(args)}, { stdio: 'ignore' }); c.on('spawn', () => console.log(c.pid));`;
  const parent = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve) =>
    parent.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString())),
  );
  const child = Number(line.trim());
  const startTime = readProcessStat(child)?.startTime;
  assert.ok(startTime !== undefined);
  parent.kill('SIGKILL');
  await new Promise((resolve) => parent.once('exit', resolve));
  const deadline = Date.now() + 2000;
  while (isProcessLive(child, startTime) && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 10));
  const live = isProcessLive(child, startTime);
  if (live) process.kill(child, 'SIGKILL');
  return live;
}

test('a child started through dieWithParent is killed when its parent is SIGKILLed', async () => {
  assert.equal(await outlivesItsParent(dieWithParent), false);
});

test('without it, the orphan goes on running (what the wrapper is for)', async () => {
  assert.equal(await outlivesItsParent((argv) => argv), true);
});
