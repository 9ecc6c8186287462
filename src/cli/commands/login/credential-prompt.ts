// Reads what login needs from the user: a line (`Username: `) and a password without echo on a
// terminal (raw mode), or plain lines / all of stdin (--password-stdin) when stdin is not a TTY.
import { BerthError } from '../../../lib/berth-error.ts';

/** All of stdin without the trailing newline (podman's --password-stdin). */
export async function readAllStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** Prints the prompt on stdout and reads one line; `secret` turns echo off on a terminal. */
export function promptLine(prompt: string, secret: boolean): Promise<string> {
  const stdin = process.stdin;
  process.stdout.write(prompt);
  return new Promise((resolve, reject) => {
    const raw = secret && stdin.isTTY;
    let line = '';
    const finish = (error?: Error) => {
      stdin.off('data', onData);
      stdin.off('end', onEnd);
      if (raw) stdin.setRawMode(false);
      stdin.pause();
      if (secret) process.stdout.write('\n');
      if (error) reject(error);
      else resolve(line);
    };
    const onEnd = () => finish();
    const onData = (chunk: Buffer) => {
      for (const char of chunk.toString('utf8')) {
        if (char === '\r' || char === '\n') return finish();
        if (char === '\u0003') return finish(new BerthError('INVALID_ARGUMENT', 'interrupted'));
        if (char === '\u007f' || char === '\b') line = line.slice(0, -1);
        else if (raw || char >= ' ') line += char;
      }
    };
    if (raw) stdin.setRawMode(true);
    stdin.on('data', onData);
    stdin.once('end', onEnd);
    stdin.resume();
  });
}
