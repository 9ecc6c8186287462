// Runs a generated unit's Exec lines the way systemd would where systemd is not PID 1: specifiers
// expanded, command lines split with systemd's quoting, `$$` unescaped, a NOTIFY_SOCKET bound.
import { DgramSocket } from 'node-unix-socket';

/** The unit file's [Service] keys, continuation lines joined (`\` + newline). */
export function unitKeys(text: string): Map<string, string[]> {
  const keys = new Map<string, string[]>();
  for (const line of text.replace(/\\\n/g, ' ').split('\n')) {
    const match = /^([A-Za-z]+)=(.*)$/.exec(line);
    if (!match) continue;
    const [, key = '', value = ''] = match;
    keys.set(key, [...(keys.get(key) ?? []), value]);
  }
  return keys;
}

/** systemd's specifiers this test needs: %n %N %t %i %I %%. */
export function expandSpecifiers(
  value: string,
  unit: { name: string; runtimeDir: string; instance?: string },
): string {
  const prefix = unit.name.replace(/\.service$/, '');
  return value.replace(/%(.)/g, (whole, letter: string) => {
    switch (letter) {
      case '%':
        return '%';
      case 'n':
        return unit.name;
      case 'N':
        return prefix;
      case 't':
        return unit.runtimeDir;
      case 'i':
      case 'I':
        return unit.instance ?? '';
      default:
        throw new Error(`specifier ${whole} not handled`);
    }
  });
}

/** systemd's command-line splitting: "…" with C escapes, bare words, then `$$` → `$`. */
export function splitCommandLine(line: string): string[] {
  const words: string[] = [];
  let index = 0;
  while (index < line.length) {
    while (line[index] === ' ' || line[index] === '\t') index++;
    if (index >= line.length) break;
    let word = '';
    while (index < line.length && line[index] !== ' ' && line[index] !== '\t') {
      const char = line[index] ?? '';
      if (char === '"') {
        index++;
        while (index < line.length && line[index] !== '"') {
          if (line[index] === '\\') index++;
          word += line[index] ?? '';
          index++;
        }
        index++;
      } else if (char === '\\') {
        word += line[index + 1] ?? '';
        index += 2;
      } else {
        word += char;
        index++;
      }
    }
    words.push(word.replaceAll('$$', '$'));
  }
  return words;
}

/** A bound NOTIFY_SOCKET collecting each datagram, as systemd's notify socket does. */
export function notifyListener(address: string): {
  messages: string[];
  close: () => void;
} {
  const socket = new DgramSocket();
  const messages: string[] = [];
  socket.on('data', (data: Buffer) => messages.push(data.toString()));
  socket.bind(address.startsWith('@') ? `\0${address.slice(1)}` : address);
  return { messages, close: () => socket.close() };
}
