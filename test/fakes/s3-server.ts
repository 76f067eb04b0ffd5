import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small S3-compatible server on 127.0.0.1 for tests: path-style `/<bucket>/<key>` PutObject, GetObject
 * (with `Range`) and HeadObject, over an in-memory map. Every request must carry a valid AWS Signature
 * Version 4 — in the `Authorization` header, or in the query of a presigned URL, whose `X-Amz-Expires`
 * is enforced against the server's clock (`now`, settable by tests).
 */

export interface FakeS3Object {
  body: Buffer;
  contentType: string;
}

export interface FakeS3Server {
  url: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  objects: Map<string, FakeS3Object>;
  /** Requests seen, as `METHOD /bucket/key` with how they were authenticated. */
  log: Array<{ method: string; path: string; auth: 'header' | 'presigned' }>;
  now: () => number;
  close(): Promise<void>;
}

interface Sig {
  credential: string;
  amzDate: string;
  signedHeaders: string[];
  signature: string;
  payloadHash: string;
  expiresS: number | null;
}

const enc = (s: string) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest();

function xmlError(res: ServerResponse, status: number, code: string, message: string): void {
  res.writeHead(status, { 'content-type': 'application/xml' });
  res.end(
    `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`,
  );
}

function readSig(req: IncomingMessage, url: URL): Sig | null {
  const q = url.searchParams;
  if (q.get('X-Amz-Algorithm') === 'AWS4-HMAC-SHA256') {
    return {
      credential: q.get('X-Amz-Credential') ?? '',
      amzDate: q.get('X-Amz-Date') ?? '',
      signedHeaders: (q.get('X-Amz-SignedHeaders') ?? '').split(';'),
      signature: q.get('X-Amz-Signature') ?? '',
      payloadHash: 'UNSIGNED-PAYLOAD',
      expiresS: Number(q.get('X-Amz-Expires') ?? 'NaN'),
    };
  }
  const m = /^AWS4-HMAC-SHA256 Credential=([^,]+), ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]+)$/.exec(
    String(req.headers.authorization ?? ''),
  );
  if (!m) return null;
  return {
    credential: m[1]!,
    amzDate: String(req.headers['x-amz-date'] ?? ''),
    signedHeaders: m[2]!.split(';'),
    signature: m[3]!,
    payloadHash: String(req.headers['x-amz-content-sha256'] ?? 'UNSIGNED-PAYLOAD'),
    expiresS: null,
  };
}

/** The SigV4 signature the request should carry (canonical request → string to sign → signing key). */
function expectedSignature(req: IncomingMessage, url: URL, sig: Sig, secret: string): string {
  const query = [...url.searchParams.entries()]
    .filter(([k]) => k !== 'X-Amz-Signature')
    .map(([k, v]) => [enc(k), enc(v)] as const)
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const headers = sig.signedHeaders
    .map(
      (h) =>
        `${h}:${String(req.headers[h] ?? '')
          .trim()
          .replace(/\s+/g, ' ')}\n`,
    )
    .join('');
  const canonical = [
    req.method,
    url.pathname,
    query,
    headers,
    sig.signedHeaders.join(';'),
    sig.payloadHash,
  ].join('\n');
  const [, date, region, service] = sig.credential.split('/');
  const scope = `${date}/${region}/${service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', sig.amzDate, scope, sha256(canonical)].join('\n');
  let key = hmac(`AWS4${secret}`, date!);
  for (const part of [region!, service!, 'aws4_request']) key = hmac(key, part);
  return createHmac('sha256', key).update(toSign).digest('hex');
}

function amzDateMs(d: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(d);
  return m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) : Number.NaN;
}

export async function startFakeS3(
  o: { bucket?: string; accessKeyId?: string; secretAccessKey?: string; region?: string } = {},
): Promise<FakeS3Server> {
  const bucket = o.bucket ?? 'parley-test';
  const accessKeyId = o.accessKeyId ?? 'AKIAFAKES3TEST';
  const secretAccessKey = o.secretAccessKey ?? 'fake-s3-secret-key-for-tests';
  const region = o.region ?? 'us-east-1';
  const objects = new Map<string, FakeS3Object>();
  const log: FakeS3Server['log'] = [];
  const state = { now: () => Date.now() };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://s3.local');
      const body = Buffer.concat(chunks);
      const sig = readSig(req, url);
      if (sig === null) return xmlError(res, 403, 'AccessDenied', 'missing signature');
      if (sig.credential.split('/')[0] !== accessKeyId)
        return xmlError(res, 403, 'InvalidAccessKeyId', 'unknown access key');
      const want = Buffer.from(expectedSignature(req, url, sig, secretAccessKey), 'hex');
      const got = Buffer.from(sig.signature, 'hex');
      if (got.length !== want.length || !timingSafeEqual(got, want))
        return xmlError(res, 403, 'SignatureDoesNotMatch', 'signature does not match');
      if (sig.expiresS !== null) {
        const signedAt = amzDateMs(sig.amzDate);
        if (!Number.isFinite(sig.expiresS) || !(state.now() < signedAt + sig.expiresS * 1000))
          return xmlError(res, 403, 'AccessDenied', 'Request has expired');
      }
      if (sig.payloadHash !== 'UNSIGNED-PAYLOAD' && sig.payloadHash !== sha256(body))
        return xmlError(res, 400, 'XAmzContentSHA256Mismatch', 'payload hash does not match');
      const [, b, ...rest] = url.pathname.split('/');
      const key = decodeURIComponent(rest.join('/'));
      if (b !== bucket) return xmlError(res, 404, 'NoSuchBucket', 'no such bucket');
      log.push({
        method: req.method ?? '',
        path: url.pathname,
        auth: sig.expiresS === null ? 'header' : 'presigned',
      });
      if (req.method === 'PUT') {
        objects.set(key, { body, contentType: String(req.headers['content-type'] ?? 'binary/octet-stream') });
        res.writeHead(200, { etag: `"${createHash('md5').update(body).digest('hex')}"` });
        return res.end();
      }
      if (req.method === 'DELETE') {
        // S3 answers 204 whether or not the key existed
        objects.delete(key);
        res.writeHead(204);
        return res.end();
      }
      const obj = objects.get(key);
      if (req.method !== 'GET' && req.method !== 'HEAD')
        return xmlError(res, 405, 'MethodNotAllowed', 'not supported');
      if (!obj) {
        if (req.method === 'HEAD') {
          res.writeHead(404);
          return res.end();
        }
        return xmlError(res, 404, 'NoSuchKey', 'The specified key does not exist.');
      }
      const contentType = url.searchParams.get('response-content-type') ?? obj.contentType;
      const range = /^bytes=(\d+)-(\d*)$/.exec(String(req.headers.range ?? ''));
      let start = 0;
      let end = obj.body.length - 1;
      let status = 200;
      const headers: Record<string, string> = { 'content-type': contentType, 'accept-ranges': 'bytes' };
      if (range && req.method === 'GET') {
        start = Number(range[1]);
        end = range[2] ? Math.min(Number(range[2]), end) : end;
        if (start > end) return xmlError(res, 416, 'InvalidRange', 'The requested range is not satisfiable');
        status = 206;
        headers['content-range'] = `bytes ${start}-${end}/${obj.body.length}`;
      }
      headers['content-length'] = String(end - start + 1);
      res.writeHead(status, headers);
      res.end(req.method === 'HEAD' ? undefined : obj.body.subarray(start, end + 1));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    bucket,
    accessKeyId,
    secretAccessKey,
    region,
    objects,
    log,
    get now() {
      return state.now;
    },
    set now(fn: () => number) {
      state.now = fn;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
