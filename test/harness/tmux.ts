// A terminal for the -it tests: a private tmux server (its own socket name) running one command
// in a pane of a given size. Tests type keys, read the screen and resize the window as a user's
// terminal would; dispose kills the server and whatever still runs in it.
import { runOk, runProcess } from './run-process.ts';
import { waitFor } from './wait.ts';

export interface Terminal {
  /** tmux send-keys: words like 'Enter', 'C-p', or literal text with { literal: true }. */
  send(keys: readonly string[], options?: { literal?: boolean }): Promise<void>;
  /** Types text and presses Enter. */
  line(text: string): Promise<void>;
  /** The visible screen, trailing blank lines dropped. */
  screen(): Promise<string>;
  /** Waits until the screen matches. */
  waitFor(pattern: RegExp, what?: string, timeoutMs?: number): Promise<string>;
  resize(columns: number, rows: number): Promise<void>;
  /** True while the pane's command has not exited. */
  alive(): Promise<boolean>;
  dispose(): Promise<void>;
}

let counter = 0;

export async function openTerminal(
  argv: readonly string[],
  options: { env: Record<string, string>; columns?: number; rows?: number },
): Promise<Terminal> {
  const socket = `berth-test-${process.pid}-${counter++}`;
  const tmux = (args: readonly string[]) =>
    runOk(['tmux', '-L', socket, '-f', '/dev/null', ...args], { env: options.env });
  // remain-on-exit keeps the pane (and its last screen) after the command ends.
  const command = argv.map((arg) => `'${arg.replace(/'/g, `'\\''`)}'`).join(' ');
  await tmux([
    'new-session',
    '-d',
    '-s',
    'main',
    '-x',
    String(options.columns ?? 80),
    '-y',
    String(options.rows ?? 24),
    command,
  ]);
  await tmux(['set-option', '-t', 'main', 'remain-on-exit', 'on']);
  const screen = async () => (await tmux(['capture-pane', '-p', '-t', 'main'])).replace(/\n+$/, '');
  return {
    send: async (keys, sendOptions = {}) =>
      void (await tmux([
        'send-keys',
        '-t',
        'main',
        ...(sendOptions.literal ? ['-l'] : []),
        ...keys,
      ])),
    line: async (text) => {
      await tmux(['send-keys', '-t', 'main', '-l', text]);
      await tmux(['send-keys', '-t', 'main', 'Enter']);
    },
    screen,
    waitFor: async (pattern, what, timeoutMs) => {
      let last = '';
      await waitFor(
        async () => pattern.test((last = await screen())),
        what ?? `screen to match ${pattern}`,
        timeoutMs,
      ).catch((error: unknown) => {
        throw new Error(`${String(error)}\n--- screen ---\n${last}`);
      });
      return last;
    },
    resize: async (columns, rows) =>
      void (await tmux(['resize-window', '-t', 'main', '-x', String(columns), '-y', String(rows)])),
    alive: async () =>
      (await tmux(['display-message', '-p', '-t', 'main', '#{pane_dead}'])).trim() === '0',
    dispose: async () =>
      void (await runProcess(['tmux', '-L', socket, 'kill-server'], { env: options.env }).catch(
        () => undefined,
      )),
  };
}
