// A file written by a stream that creates the file only with its first bytes, so a command that
// fails before writing anything (an unknown container for `export -o`) leaves no empty file.
import { open, type FileHandle } from 'node:fs/promises';
import { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { BerthError } from '../../lib/berth-error.ts';
import { errnoText } from '../../lib/errno-text.ts';

export class FileSink extends Writable {
  readonly #path: string;
  #handle: FileHandle | undefined;

  constructor(path: string) {
    super();
    this.#path = path;
  }

  override _write(
    chunk: Buffer,
    _encoding: BufferEncoding,
    done: (error?: Error | null) => void,
  ): void {
    this.#opened()
      .then((handle) => handle.write(chunk))
      .then(() => done(), done);
  }

  override _final(done: (error?: Error | null) => void): void {
    this.#opened()
      .then((handle) => {
        this.#handle = undefined;
        return handle.close();
      })
      .then(() => done(), done);
  }

  override _destroy(error: Error | null, done: (error?: Error | null) => void): void {
    const handle = this.#handle;
    if (!handle) return done(error);
    handle.close().then(
      () => done(error),
      () => done(error),
    );
  }

  /** Ends the stream and waits until the file is complete and closed. */
  async close(): Promise<void> {
    this.end();
    await finished(this);
  }

  async #opened(): Promise<FileHandle> {
    this.#handle ??= await open(this.#path, 'w').catch((error: unknown) => {
      // libpod's words (Container.export) for a file that cannot be created.
      throw new BerthError(
        'INVALID_ARGUMENT',
        `creating file "${this.#path}": open ${this.#path}: ${errnoText(error)}`,
        { cause: error },
      );
    });
    return this.#handle;
  }
}
