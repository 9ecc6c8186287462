// The events log as podman's "file" events logger keeps it: one JSON line per event, appended
// with one write(2) on an O_APPEND descriptor (concurrent writers never interleave), read from
// the start or followed from the end. Knows lines, not events: the engine owns their content.
import {
  closeSync,
  fstatSync,
  mkdirSync,
  openSync,
  readSync,
  renameSync,
  statSync,
  watch,
  writeSync,
  type FSWatcher,
} from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { StringDecoder } from 'node:string_decoder';

export interface EventLogReadOptions {
  /** From the first line (true) or only lines appended after the call (false). */
  fromStart: boolean;
  /** Keep reading lines as they are appended (and across a rotation) until signal aborts. */
  follow: boolean;
  signal: AbortSignal;
}

/** How often a follower looks at the file even when no change notification came. */
const pollMs = 500;

export class EventLogFile {
  /**
   * maxSizeBytes: containers.conf's events_logfile_max_size; 0 = never rotate. A line that would
   * take the file to the limit first rotates it: only the lines after its middle are kept.
   */
  constructor(
    readonly path: string,
    private readonly maxSizeBytes: number,
  ) {}

  /** Appends line (no newline); rotationLine() is written first when the append rotated the file. */
  append(line: string, rotationLine: () => string): void {
    let fd = this.openForAppend();
    try {
      const data = Buffer.from(`${line}\n`);
      if (this.maxSizeBytes > 0 && fstatSync(fd).size + data.length - 1 >= this.maxSizeBytes) {
        closeSync(fd);
        this.rotate();
        fd = this.openForAppend();
        writeSync(fd, Buffer.concat([Buffer.from(`${rotationLine()}\n`), data]));
      } else {
        writeSync(fd, data);
      }
    } finally {
      closeSync(fd);
    }
  }

  private openForAppend(): number {
    try {
      return openSync(this.path, 'a', 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
      return openSync(this.path, 'a', 0o600);
    }
  }

  /**
   * podman's truncation: keep what follows the first newline at or after the middle, written to a
   * temp file renamed over the log. Lines another process appended to the old file meanwhile are
   * copied after the kept half.
   */
  private rotate(): void {
    const old = openSync(this.path, 'r');
    try {
      const content = readFrom(old, 0);
      const cut = content.indexOf(0x0a, Math.floor(content.length / 2));
      const temp = `${this.path}.${process.pid}.tmp`;
      const tempFd = openSync(temp, 'w', 0o600);
      try {
        if (cut >= 0) writeSync(tempFd, content.subarray(cut + 1));
      } finally {
        closeSync(tempFd);
      }
      renameSync(temp, this.path);
      const late = readFrom(old, content.length);
      if (late.length > 0) {
        const fd = this.openForAppend();
        writeSync(fd, late);
        closeSync(fd);
      }
    } finally {
      closeSync(old);
    }
  }

  /** Calls onLine for each complete line, in order; resolves at the end (or, following, on abort). */
  async read(options: EventLogReadOptions, onLine: (line: string) => void): Promise<void> {
    const reader = new LineReader(this.path, onLine);
    try {
      await reader.open(options.fromStart);
      await reader.drain();
      if (options.follow) await this.follow(reader, options.signal);
    } finally {
      await reader.close();
    }
  }

  private async follow(reader: LineReader, signal: AbortSignal): Promise<void> {
    if (signal.aborted) return;
    mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
    let wake: () => void = () => undefined;
    let changed = false;
    const notify = () => {
      changed = true;
      wake();
    };
    let watcher: FSWatcher | undefined;
    try {
      watcher = watch(dirname(this.path), notify);
    } catch {
      watcher = undefined; // polling alone still works
    }
    signal.addEventListener('abort', notify);
    try {
      while (!signal.aborted) {
        if (!changed) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, pollMs);
            wake = () => {
              clearTimeout(timer);
              resolve();
            };
          });
        }
        changed = false;
        if (signal.aborted) break;
        await reader.catchUp();
      }
    } finally {
      watcher?.close();
      signal.removeEventListener('abort', notify);
    }
  }
}

/** Reads complete lines from the log, reopening it when a rotation replaced the file. */
class LineReader {
  private handle: FileHandle | undefined;
  private inode = 0;
  private position = 0;
  private partial = '';
  private decoder = new StringDecoder('utf8');
  private lastLine: string | undefined;

  constructor(
    private readonly path: string,
    private readonly onLine: (line: string) => void,
  ) {}

  async open(fromStart: boolean): Promise<void> {
    this.handle = await open(this.path, 'r').catch(() => undefined);
    if (!this.handle) return;
    const info = await this.handle.stat();
    this.inode = info.ino;
    this.position = fromStart ? 0 : info.size;
  }

  async drain(): Promise<void> {
    if (!this.handle) return;
    const buffer = Buffer.alloc(64 * 1024);
    for (;;) {
      const { bytesRead } = await this.handle.read(buffer, 0, buffer.length, this.position);
      if (bytesRead === 0) return;
      this.position += bytesRead;
      const lines = (this.partial + this.decoder.write(buffer.subarray(0, bytesRead))).split('\n');
      this.partial = lines.pop() ?? '';
      for (const line of lines) {
        if (line === '') continue;
        this.lastLine = line;
        this.onLine(line);
      }
    }
  }

  /** Reads what was appended; after a rotation, continues in the new file after the last line seen. */
  async catchUp(): Promise<void> {
    await this.drain();
    const current = statOrUndefined(this.path);
    if (current === undefined || current === this.inode) return;
    await this.close();
    await this.open(true);
    if (this.lastLine !== undefined && this.handle) {
      const content = (await this.handle.readFile()).toString('utf8');
      const at = content.lastIndexOf(`${this.lastLine}\n`);
      if (at >= 0)
        this.position = Buffer.byteLength(content.slice(0, at + this.lastLine.length + 1));
    }
    this.partial = '';
    this.decoder = new StringDecoder('utf8');
    await this.drain();
  }

  async close(): Promise<void> {
    await this.handle?.close();
    this.handle = undefined;
  }
}

function statOrUndefined(path: string): number | undefined {
  try {
    return statSync(path).ino;
  } catch {
    return undefined;
  }
}

function readFrom(fd: number, start: number): Buffer {
  const chunks: Buffer[] = [];
  let position = start;
  const buffer = Buffer.alloc(64 * 1024);
  for (;;) {
    const bytesRead = readSync(fd, buffer, 0, buffer.length, position);
    if (bytesRead === 0) return Buffer.concat(chunks);
    chunks.push(Buffer.from(buffer.subarray(0, bytesRead)));
    position += bytesRead;
  }
}
