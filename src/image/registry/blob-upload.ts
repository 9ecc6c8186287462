// Pushing one blob: POST an upload session, then one PUT with the whole body when small, or
// PATCH chunks (Content-Range) followed by a closing PUT when large. Also cross-repository mounts.
import type { Readable } from 'node:stream';
import { BerthError } from '../../lib/berth-error.ts';
import type { Digest } from '../../lib/digest.ts';
import { describeRegistryError } from './registry-errors.ts';
import type { RegistrySession, SessionResponse } from './registry-session.ts';

export interface UploadLimits {
  /** Blobs up to this size go in one PUT. Default 32 MiB. */
  monolithicMaxBytes: number;
  /** PATCH size for larger blobs. Default 16 MiB. */
  chunkBytes: number;
}

export async function uploadBlobData(
  session: RegistrySession,
  repository: string,
  digest: Digest,
  sizeBytes: number,
  open: () => Readable,
  limits: UploadLimits,
): Promise<void> {
  const scopes = [`repository:${repository}:pull,push`];
  const start = await session.send({
    method: 'POST',
    target: `/v2/${repository}/blobs/uploads/`,
    scopes,
    headers: { 'content-length': '0' },
  });
  let location = await uploadLocation(
    start,
    202,
    `initiating upload of ${digest} to ${session.host}/${repository}`,
  );
  if (sizeBytes <= limits.monolithicMaxBytes) {
    const headers = {
      'content-type': 'application/octet-stream',
      'content-length': String(sizeBytes),
    };
    const put = await session.send({
      method: 'PUT',
      target: withDigest(location, digest),
      scopes,
      headers,
      body: open(),
    });
    await expectStatus(put, 201, `uploading blob ${digest} to ${session.host}/${repository}`);
    return;
  }
  let offset = 0;
  for await (const chunk of chunks(open(), limits.chunkBytes)) {
    const headers = {
      'content-type': 'application/octet-stream',
      'content-length': String(chunk.length),
      'content-range': `${offset}-${offset + chunk.length - 1}`,
    };
    const patch = await session.send({
      method: 'PATCH',
      target: location,
      scopes,
      headers,
      body: chunk,
    });
    location = await uploadLocation(
      patch,
      202,
      `uploading blob ${digest} to ${session.host}/${repository}`,
    );
    offset += chunk.length;
  }
  const put = await session.send({
    method: 'PUT',
    target: withDigest(location, digest),
    scopes,
    headers: { 'content-length': '0' },
  });
  await expectStatus(put, 201, `completing upload of ${digest} to ${session.host}/${repository}`);
}

/** POST …/uploads/?mount=DIGEST&from=REPO: true when mounted (201), false when declined. */
export async function mountBlobFrom(
  session: RegistrySession,
  repository: string,
  digest: Digest,
  from: string,
): Promise<boolean> {
  const scopes = [`repository:${repository}:pull,push`, `repository:${from}:pull`];
  const query = `mount=${encodeURIComponent(digest)}&from=${encodeURIComponent(from)}`;
  const res = await session.send({
    method: 'POST',
    target: `/v2/${repository}/blobs/uploads/?${query}`,
    scopes,
    headers: { 'content-length': '0' },
  });
  if (res.statusCode === 201) {
    await res.body.dump();
    return true;
  }
  if (res.statusCode === 202) {
    // The registry opened an ordinary upload session instead: cancel it.
    const location = await uploadLocation(res, 202, 'mounting blob');
    const cancel = await session.send({ method: 'DELETE', target: location, scopes });
    await cancel.body.dump();
    return false;
  }
  await expectStatus(
    res,
    201,
    `mounting blob ${digest} from ${from} into ${session.host}/${repository}`,
  );
  return false;
}

async function uploadLocation(
  res: SessionResponse,
  status: number,
  context: string,
): Promise<string> {
  const location = res.headers['location'];
  await expectStatus(res, status, context);
  if (typeof location !== 'string')
    throw new BerthError('REGISTRY_ERROR', `${context}: the registry sent no Location`);
  return location;
}

export async function expectStatus(
  res: SessionResponse,
  status: number,
  context: string,
): Promise<void> {
  if (res.statusCode === status) {
    await res.body.dump();
    return;
  }
  const { code, text } = describeRegistryError(res.statusCode, await res.body.text());
  throw new BerthError(code, `${context}: ${text}`);
}

/** Appends `digest=` to an upload Location, which may already carry a query (`_state`). */
function withDigest(location: string, digest: Digest): string {
  return `${location}${location.includes('?') ? '&' : '?'}digest=${encodeURIComponent(digest)}`;
}

async function* chunks(stream: Readable, size: number): AsyncGenerator<Buffer> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  for await (const data of stream as AsyncIterable<Buffer>) {
    let rest = data;
    while (pendingBytes + rest.length >= size) {
      const take = size - pendingBytes;
      pending.push(rest.subarray(0, take));
      yield Buffer.concat(pending);
      rest = rest.subarray(take);
      pending = [];
      pendingBytes = 0;
    }
    if (rest.length > 0) {
      pending.push(rest);
      pendingBytes += rest.length;
    }
  }
  if (pendingBytes > 0) yield Buffer.concat(pending);
}
