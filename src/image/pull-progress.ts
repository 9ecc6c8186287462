// Byte metering for blob downloads: a pass-through that hashes and counts what flows through it
// and reports the running total at most every `intervalMs`. Knows nothing of how it is shown.
import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import type { Digest } from '../lib/digest.ts';

export class DigestingMeter extends Transform {
  private readonly hash = createHash('sha256');
  private total = 0;
  private lastReportMs = 0;

  /** `onBytes(total)` fires at most every intervalMs, and once more at the end. */
  constructor(
    private readonly onBytes: (totalBytes: number) => void = () => undefined,
    private readonly intervalMs = 100,
  ) {
    super({ highWaterMark: 1 << 20 });
  }

  get sizeBytes(): number {
    return this.total;
  }

  /** The sha256 of everything that went through; valid once the stream has ended. */
  digest(): Digest {
    return `sha256:${this.hash.copy().digest('hex')}` as Digest;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.hash.update(chunk);
    this.total += chunk.length;
    const now = performance.now();
    if (now - this.lastReportMs >= this.intervalMs) {
      this.lastReportMs = now;
      this.onBytes(this.total);
    }
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    this.onBytes(this.total);
    callback();
  }
}
