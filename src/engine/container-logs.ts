// Reads a container's k8s-file log as conmon writes it (`<RFC3339Nano> <stream> <P|F> <text>`),
// joins partial records, and follows the file while the container runs (`logs -f`).
import { open } from 'node:fs/promises';
import type { LogLine } from '../domain/container-reports.ts';
import type { EngineContext } from './engine-context.ts';
import { containerPaths, readContainerConfig } from './container-model.ts';
import { BerthError } from '../lib/berth-error.ts';
import { isLiveStatus } from './container-transitions.ts';
import { syncContainer } from './container-state.ts';

export interface LogReadOptions {
  tail: number;
  sinceMs?: number;
  untilMs?: number;
  follow: boolean;
  /** Ends a follow early (the client went away). */
  signal?: AbortSignal;
}

/** Parses complete records; returns the lines and the bytes of a trailing incomplete record. */
export function parseK8sLog(text: string, pending: Map<string, string>): LogLine[] {
  const lines: LogLine[] = [];
  for (const record of text.split('\n')) {
    const match = /^(\S+) (stdout|stderr) ([PF]) (.*)$/s.exec(record);
    if (!match) continue;
    const [, timestamp = '', stream = 'stdout', tag, content = ''] = match;
    const joined = (pending.get(stream) ?? '') + content;
    if (tag === 'P') {
      pending.set(stream, joined);
      continue;
    }
    pending.delete(stream);
    lines.push({ name: '', stream: stream as LogLine['stream'], timestamp, text: `${joined}\n` });
  }
  return lines;
}

function inWindow(line: LogLine, options: LogReadOptions): boolean {
  const ms = Date.parse(line.timestamp);
  if (options.sinceMs !== undefined && ms < options.sinceMs) return false;
  if (options.untilMs !== undefined && ms > options.untilMs) return false;
  return true;
}

export async function readContainerLogs(
  ctx: EngineContext,
  id: string,
  name: string,
  options: LogReadOptions,
  emit: (line: LogLine) => void,
): Promise<void> {
  const driver = readContainerConfig(ctx.state.containers.get(id)?.config, id).extra?.logDriver;
  if (driver === 'none' || driver === 'passthrough') {
    throw new BerthError(
      'INVALID_ARGUMENT',
      `this container is using the '${driver}' log driver, cannot read logs: this container is not logging output`,
    );
  }
  const path = containerPaths(ctx.paths, id).logPath;
  const pending = new Map<string, string>();
  let offset = 0;
  let carry = '';
  const readNew = async (): Promise<LogLine[]> => {
    const handle = await open(path, 'r').catch(() => undefined);
    if (!handle) return [];
    try {
      const size = (await handle.stat()).size;
      if (size < offset) offset = 0; // truncated by --log-opt max-size
      if (size === offset) return [];
      const buffer = Buffer.alloc(size - offset);
      await handle.read(buffer, 0, buffer.length, offset);
      offset = size;
      const text = carry + buffer.toString('utf8');
      const cut = text.lastIndexOf('\n') + 1;
      carry = text.slice(cut);
      return parseK8sLog(text.slice(0, cut), pending).map((line) => ({ ...line, name }));
    } finally {
      await handle.close();
    }
  };
  const first = (await readNew()).filter((line) => inWindow(line, options));
  for (const line of options.tail >= 0
    ? first.slice(Math.max(0, first.length - options.tail))
    : first)
    emit(line);
  if (!options.follow) return;
  for (;;) {
    const record = ctx.state.containers.get(id);
    const running = record ? isLiveStatus((await syncContainer(ctx, record)).state) : false;
    for (const line of await readNew()) if (inWindow(line, options)) emit(line);
    if (!running || options.signal?.aborted) return;
    await new Promise((resolveDelay) => setTimeout(resolveDelay, 100));
  }
}
