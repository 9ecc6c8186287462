// A blob as a stream that survives dropped connections (resumed with `Range: bytes=N-`, or the
// first N bytes skipped when the registry answers 200) and is checked against its digest while
// streaming: the stream errors with DIGEST_MISMATCH instead of ending when the bytes are wrong.
// Opened from an offset, only the size can be checked.
import { createHash } from 'node:crypto';
import { PassThrough, type Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { BerthError } from '../../lib/berth-error.ts';
import type { Digest } from '../../lib/digest.ts';
import { log } from '../../lib/log.ts';
import type { BlobStream } from './registry-client.ts';
import {
  describeNetworkError,
  describeRegistryError,
  isTransientNetworkError,
} from './registry-errors.ts';
import type { RegistrySession, SessionResponse } from './registry-session.ts';

export async function openVerifiedBlob(
  session: RegistrySession,
  repository: string,
  digest: Digest,
  sizeBytes: number | undefined,
  start = 0,
): Promise<BlobStream> {
  const fetchFrom = async (offset: number) => {
    const headers: Record<string, string> = offset > 0 ? { range: `bytes=${offset}-` } : {};
    const target = `/v2/${repository}/blobs/${digest}`;
    const res = await session.send({
      method: 'GET',
      target,
      scopes: [`repository:${repository}:pull`],
      headers,
      followRedirects: true,
    });
    if (res.statusCode === 200 || res.statusCode === 206) return res;
    const body = await res.body.text();
    const { code, text } = describeRegistryError(res.statusCode, body);
    throw new BerthError(
      code === 'MANIFEST_UNKNOWN' ? 'BLOB_UNKNOWN' : code,
      `reading blob ${digest}: ${text}`,
    );
  };
  const first = await fetchFrom(start);
  const length = Number(first.headers['content-length']);
  const out = new PassThrough({ highWaterMark: 1 << 20 });
  void pump(first, out, { digest, sizeBytes, fetchFrom, session, start });
  const total = Number.isFinite(length) ? startOffset(first) + length : undefined;
  return { stream: out, sizeBytes: sizeBytes ?? total };
}

interface PumpContext {
  digest: Digest;
  sizeBytes: number | undefined;
  fetchFrom: (offset: number) => Promise<SessionResponse>;
  session: RegistrySession;
  /** The first byte wanted; above 0 the digest is not checked (the prefix is never read). */
  start: number;
}

async function pump(first: SessionResponse, out: PassThrough, context: PumpContext): Promise<void> {
  const hash = createHash('sha256');
  let offset = context.start;
  let failures = 0;
  let response: SessionResponse | undefined = first;
  let skip = startOffset(first) === offset ? 0 : offset;
  out.once('close', () => response?.body.destroy());
  for (;;) {
    try {
      if (response === undefined) {
        response = await context.fetchFrom(offset);
        skip = startOffset(response) === offset ? 0 : offset;
        if (skip > 0)
          log.debug(`registry ignored Range for ${context.digest}: skipping ${skip} bytes`);
      }
      for await (const chunk of response.body as AsyncIterable<Buffer>) {
        let data = chunk;
        if (skip > 0) {
          const dropped = Math.min(skip, data.length);
          skip -= dropped;
          data = data.subarray(dropped);
          if (data.length === 0) continue;
        }
        hash.update(data);
        offset += data.length;
        if (!out.write(data) && !(await drained(out))) return;
      }
      break;
    } catch (error) {
      if (out.destroyed) return;
      response = undefined;
      failures++;
      if (!isTransientNetworkError(error) || failures >= context.session.retry.attempts) {
        out.destroy(downloadError(error, context, failures));
        return;
      }
      log.debug(
        `blob ${context.digest} broke off at byte ${offset}: ${(error as Error).message}; resuming`,
      );
      await sleep(context.session.backoffMs(failures));
    }
  }
  const actual = `sha256:${hash.digest('hex')}`;
  if (
    (context.start === 0 && actual !== context.digest) ||
    (context.sizeBytes !== undefined && offset !== context.sizeBytes)
  ) {
    out.destroy(
      new BerthError(
        'DIGEST_MISMATCH',
        `Digest did not match, expected ${context.digest}, got ${actual}`,
        {
          hint: 'the registry served different bytes than the manifest names; nothing was stored',
        },
      ),
    );
    return;
  }
  out.end();
}

/** Where a 206 answer starts (`Content-Range: bytes START-END/TOTAL`); 0 for a 200. */
function startOffset(res: SessionResponse): number {
  if (res.statusCode !== 206) return 0;
  const match = /^bytes (\d+)-/.exec(String(res.headers['content-range'] ?? ''));
  return match ? Number(match[1]) : 0;
}

function drained(out: Readable & { writable: boolean }): Promise<boolean> {
  return new Promise((resolve) => {
    const done = (value: boolean) => {
      out.off('drain', onDrain);
      out.off('close', onClose);
      resolve(value);
    };
    const onDrain = () => done(true);
    const onClose = () => done(false);
    out.once('drain', onDrain);
    out.once('close', onClose);
  });
}

function downloadError(error: unknown, context: PumpContext, failures: number): BerthError {
  if (error instanceof BerthError) return error;
  const tries = failures > 1 ? ` (gave up after ${failures} attempts)` : '';
  return new BerthError(
    'REGISTRY_UNREACHABLE',
    `reading blob ${context.digest}: ${describeNetworkError(error, context.session.host)}${tries}`,
    { cause: error },
  );
}
