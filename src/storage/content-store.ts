// Content-addressed blobs (manifests, configs, compressed layers) under <root>/blobs/sha256/.
// Every write is: exclusive temp file → hash while writing → fsync → verify → rename.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat, unlink, readFile, access } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { BerthError } from '../lib/berth-error.ts';
import { digestFromHex, digestHex, sha256Digest, type Digest } from '../lib/digest.ts';

export interface PutResult {
  digest: Digest;
  sizeBytes: number;
}

export class ContentStore {
  private readonly blobDir: string;
  private readonly tmpDir: string;
  private ready: Promise<void> | undefined;

  constructor(readonly root: string) {
    this.blobDir = join(root, 'blobs', 'sha256');
    this.tmpDir = join(root, 'tmp');
  }

  /** Where the blob lives (whether or not it exists). */
  path(digest: Digest): string {
    return join(this.blobDir, digestHex(digest));
  }

  async has(digest: Digest): Promise<boolean> {
    return exists(this.path(digest));
  }

  /**
   * Stores the bytes and returns their digest. With `expected`, throws DIGEST_MISMATCH (and
   * keeps nothing) if the bytes hash differently. Storing an existing blob again is a no-op.
   */
  async put(source: Buffer | Readable, expected?: Digest): Promise<PutResult> {
    if (Buffer.isBuffer(source)) {
      const digest = sha256Digest(source);
      if (digest === expected && (await this.has(digest))) {
        return { digest, sizeBytes: source.length };
      }
    }
    await (this.ready ??= this.makeDirs());
    const tmpPath = join(this.tmpDir, `${randomBytes(16).toString('hex')}.partial`);
    const handle = await open(tmpPath, 'wx', 0o644);
    let result: PutResult;
    try {
      result = await writeHashed(handle, source);
    } catch (error) {
      await handle.close().catch(() => undefined);
      await rm(tmpPath, { force: true });
      throw error;
    }
    await handle.close();
    if (expected !== undefined && result.digest !== expected) {
      await rm(tmpPath, { force: true });
      throw new BerthError(
        'DIGEST_MISMATCH',
        `Digest did not match, expected ${expected}, got ${result.digest}`,
      );
    }
    await this.moveIntoPlace(tmpPath, result.digest);
    return result;
  }

  /** Throws STORAGE when the blob is missing. */
  async read(digest: Digest): Promise<Buffer> {
    try {
      return await readFile(this.path(digest));
    } catch (cause) {
      throw missingOr(cause, digest);
    }
  }

  /** A stream of the blob; it emits an ENOENT error if the blob is missing. */
  readStream(digest: Digest): Readable {
    return createReadStream(this.path(digest));
  }

  async sizeOf(digest: Digest): Promise<number> {
    try {
      return (await stat(this.path(digest))).size;
    } catch (cause) {
      throw missingOr(cause, digest);
    }
  }

  /** Returns false when the blob was not there. */
  async delete(digest: Digest): Promise<boolean> {
    try {
      await unlink(this.path(digest));
      return true;
    } catch (cause) {
      if (isErrno(cause, 'ENOENT')) return false;
      throw cause;
    }
  }

  private async makeDirs(): Promise<void> {
    await mkdir(this.blobDir, { recursive: true });
    await mkdir(this.tmpDir, { recursive: true });
  }

  private async moveIntoPlace(tmpPath: string, digest: Digest): Promise<void> {
    const target = this.path(digest);
    if (await exists(target)) {
      await rm(tmpPath, { force: true });
      return;
    }
    await rename(tmpPath, target);
    // Make the rename durable before the caller records the blob in the database.
    const dir = await open(this.blobDir, 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  }
}

type FileHandle = Awaited<ReturnType<typeof open>>;

async function writeHashed(handle: FileHandle, source: Buffer | Readable): Promise<PutResult> {
  const hash = createHash('sha256');
  let sizeBytes = 0;
  const chunks: AsyncIterable<unknown> | Buffer[] = Buffer.isBuffer(source) ? [source] : source;
  for await (const chunk of chunks) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    if (!(buffer instanceof Uint8Array))
      throw new BerthError('INTERNAL', 'blob stream yielded a non-buffer chunk');
    hash.update(buffer);
    sizeBytes += buffer.length;
    let offset = 0;
    while (offset < buffer.length) {
      const { bytesWritten } = await handle.write(buffer, offset, buffer.length - offset);
      offset += bytesWritten;
    }
  }
  await handle.sync();
  return { digest: digestFromHex(hash.digest('hex')), sizeBytes };
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

function isErrno(error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code;
}

function missingOr(cause: unknown, digest: Digest): unknown {
  if (!isErrno(cause, 'ENOENT')) return cause;
  return new BerthError('STORAGE', `blob ${digest} not found in the content store`, { cause });
}
