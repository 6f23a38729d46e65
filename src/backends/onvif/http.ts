/**
 * HTTP for ONVIF: one request at a time over a fresh socket (no keep-alive pool left behind),
 * bounded in time and size, with HTTP Basic and Digest authentication (RFC 7616: MD5, MD5-sess,
 * SHA-256; qop "auth") for cameras that ask for it. Failures are OnvifError values whose messages
 * name the host and port only, never the user name or password.
 */
import { createHash, randomBytes } from 'node:crypto';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Credentials } from './address.js';

export type { Credentials } from './address.js';

/** Why a call to a camera failed. */
export type OnvifErrorKind = 'auth' | 'unreachable' | 'timeout' | 'not-onvif' | 'fault' | 'aborted';

export class OnvifError extends Error {
  readonly kind: OnvifErrorKind;
  /** For 'fault': the SOAP fault's subcode (e.g. "ter:InvalidArgVal"), when the camera gave one. */
  readonly subcode: string | undefined;
  constructor(kind: OnvifErrorKind, message: string, subcode?: string) {
    super(message);
    this.name = 'OnvifError';
    this.kind = kind;
    this.subcode = subcode;
  }
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

export interface RequestOptions {
  readonly method?: 'GET' | 'POST';
  readonly headers?: Record<string, string>;
  readonly body?: string;
  /** Whole request, connection to last byte. */
  readonly timeoutMs: number;
  /** Largest body accepted. */
  readonly maxBytes: number;
  readonly signal?: AbortSignal;
}

/** "host:port" of a URL, for messages (never its user name or password). */
export function where(url: URL): string {
  return url.port ? `${url.hostname}:${url.port}` : url.hostname;
}

/** One HTTP exchange. Rejects with OnvifError ('unreachable', 'timeout', 'aborted'). */
export function send(url: URL, options: RequestOptions): Promise<HttpResponse> {
  const target = where(url);
  if (options.signal?.aborted) return Promise.reject(new OnvifError('aborted', `the request to ${target} was aborted`));
  return new Promise((resolve, reject) => {
    const make = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = make(
      {
        protocol: url.protocol,
        hostname: url.hostname,
        port: url.port || undefined,
        path: `${url.pathname}${url.search}`,
        method: options.method ?? 'GET',
        headers: { Connection: 'close', ...options.headers },
        agent: false,
      },
      (res) => {
        const parts: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > options.maxBytes) fail(new OnvifError('not-onvif', `${target} sent more than ${options.maxBytes} bytes`));
          else parts.push(chunk);
        });
        res.on('end', () => finish(() => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts) })));
        res.on('error', (e) => fail(new OnvifError('unreachable', `${target} broke off the answer (${e.message})`)));
      },
    );
    let settled = false;
    const finish = (then: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      then();
    };
    const fail = (error: OnvifError): void => {
      finish(() => reject(error));
      req.destroy();
    };
    const onAbort = (): void => fail(new OnvifError('aborted', `the request to ${target} was aborted`));
    const timer = setTimeout(
      () => fail(new OnvifError('timeout', `${target} did not answer within ${options.timeoutMs} ms`)),
      options.timeoutMs,
    );
    options.signal?.addEventListener('abort', onAbort, { once: true });
    req.on(
      'error',
      (e: NodeJS.ErrnoException) => fail(new OnvifError('unreachable', `${target} cannot be reached (${e.code ?? e.message})`)),
    );
    req.end(options.body);
  });
}

/** The parameters of a `WWW-Authenticate: Digest …` challenge. */
export function parseChallenge(header: string): Record<string, string> | undefined {
  const m = /^\s*Digest\s+(.*)$/is.exec(header);
  if (!m) return undefined;
  const out: Record<string, string> = {};
  for (const p of m[1]!.matchAll(/([a-z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))/gi)) {
    out[p[1]!.toLowerCase()] = (p[2] ?? p[3] ?? '').replace(/\\(.)/g, '$1');
  }
  return out;
}

/** The `Authorization` header answering a Digest challenge (https://www.rfc-editor.org/rfc/rfc7616#section-3.4). */
export function digestAuthorization(
  challenge: Record<string, string>,
  credentials: Credentials,
  method: string,
  uri: string,
  cnonce = randomBytes(8).toString('hex'),
  nc = '00000001',
): string {
  const algorithm = (challenge.algorithm ?? 'MD5').toUpperCase();
  const hashName = algorithm.startsWith('SHA-256') ? 'sha256' : 'md5';
  const h = (s: string): string => createHash(hashName).update(s).digest('hex');
  const realm = challenge.realm ?? '';
  const nonce = challenge.nonce ?? '';
  let ha1 = h(`${credentials.username}:${realm}:${credentials.password}`);
  if (algorithm.endsWith('-SESS')) ha1 = h(`${ha1}:${nonce}:${cnonce}`);
  const ha2 = h(`${method}:${uri}`);
  const qops = (challenge.qop ?? '').split(',').map((q) => q.trim());
  const qop = qops.includes('auth') ? 'auth' : undefined;
  const response = qop ? h(`${ha1}:${nonce}:${nc}:${cnonce}:${qop}:${ha2}`) : h(`${ha1}:${nonce}:${ha2}`);
  const quote = (s: string): string => `"${s.replace(/["\\]/g, '\\$&')}"`;
  const fields = [
    `username=${quote(credentials.username)}`,
    `realm=${quote(realm)}`,
    `nonce=${quote(nonce)}`,
    `uri=${quote(uri)}`,
    `response=${quote(response)}`,
  ];
  if (challenge.algorithm) fields.push(`algorithm=${challenge.algorithm}`);
  if (qop) fields.push(`qop=${qop}`, `nc=${nc}`, `cnonce=${quote(cnonce)}`);
  if (challenge.opaque !== undefined) fields.push(`opaque=${quote(challenge.opaque)}`);
  return `Digest ${fields.join(', ')}`;
}

/**
 * A request that answers the camera's HTTP authentication challenge when it makes one (Digest
 * preferred, Basic otherwise). A second 401 is an 'auth' OnvifError.
 */
export async function sendAuthenticated(url: URL, credentials: Credentials | undefined, options: RequestOptions): Promise<HttpResponse> {
  const first = await send(url, options);
  if (first.status !== 401) return first;
  if (!credentials) throw new OnvifError('auth', `${where(url)} asks for a user name and password (give them as onvif://user:password@${where(url)})`);
  const header = [first.headers['www-authenticate'] ?? []].flat().join(', ');
  const challenge = parseChallenge(header);
  let authorization: string;
  if (challenge) authorization = digestAuthorization(challenge, credentials, options.method ?? 'GET', `${url.pathname}${url.search}`);
  else if (/^\s*Basic/i.test(header)) authorization = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
  else throw new OnvifError('auth', `${where(url)} refused the request (401) without a Digest or Basic challenge`);
  const second = await send(url, { ...options, headers: { ...options.headers, Authorization: authorization } });
  if (second.status === 401) throw new OnvifError('auth', `${where(url)} refused the user name or password`);
  return second;
}
