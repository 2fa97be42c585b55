import { lookup } from 'node:dns/promises';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { pipeline, type Readable } from 'node:stream';
import zlib from 'node:zlib';
import { blockedAddressKind } from './publicAddress.js';

/**
 * Fetches a link a moderator (or a feed) gave isnad, as a guarded client: only http(s); at most
 * MAX_REDIRECTS redirects, followed here one at a time so that each new address is checked like
 * the first; only the content types isnad can index; a connection and a total timeout; a size cap
 * applied while the body streams (after decompression, so a small compressed bomb is cut too).
 *
 * Server-side request forgery: the host name is resolved once, every address it resolves to must
 * be public (publicAddress.ts), and the connection is made to that checked address — the request
 * carries the name in its Host header and TLS server name — so a DNS answer that changes between
 * the check and the connection (rebinding) cannot send the request elsewhere.
 *
 * Built on node:http/https rather than fetch because fetch resolves the name itself when it
 * connects: pinning the address needs a connection made to it, which node:http gives directly.
 * Nothing here throws for a network or policy failure; those are values with a reason a moderator can read.
 */

export const MAX_REDIRECTS = 5;

export type FetchPurpose = 'page' | 'feed';

const PAGE_TYPES = ['text/html', 'application/xhtml+xml', 'text/plain'];
const FEED_TYPES = [...PAGE_TYPES, 'application/rss+xml', 'application/atom+xml', 'application/xml', 'text/xml'];
const ACCEPTED: Record<FetchPurpose, ReadonlySet<string>> = { page: new Set(PAGE_TYPES), feed: new Set(FEED_TYPES) };
const ACCEPT_HEADER: Record<FetchPurpose, string> = {
  page: 'text/html, application/xhtml+xml;q=0.9, text/plain;q=0.8',
  feed: 'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.5',
};

export interface ResolvedAddress {
  readonly address: string;
  readonly family: number;
}

/** Name → addresses; tests pass one that answers what they need (a name resolving to 10.0.0.1). */
export type Resolver = (hostname: string) => Promise<readonly ResolvedAddress[]>;

export interface FetchSettings {
  /** Hosts (names or addresses, as written in links) fetched even on a private or local address. */
  readonly allowedHosts: readonly string[];
  readonly maxBytes: number;
  /** For the whole fetch, redirects and body included. */
  readonly timeoutMs: number;
  /** For each connection to be made; default the smaller of 10 s and `timeoutMs`. */
  readonly connectTimeoutMs?: number;
  readonly resolve?: Resolver;
  readonly userAgent?: string;
}

/** Validators from an earlier fetch of the same URL, for a conditional request. */
export interface Validators {
  readonly etag?: string | undefined;
  readonly lastModified?: string | undefined;
}

export type FetchResult =
  | {
      readonly kind: 'fetched';
      /** The URL asked for, and the one that answered (after redirects). */
      readonly requested: string;
      readonly url: string;
      /** Lower-case media type without parameters, e.g. text/html. */
      readonly mediaType: string;
      readonly charset: string | undefined;
      readonly body: Uint8Array;
      readonly etag: string | undefined;
      readonly lastModified: string | undefined;
      readonly fetchedAt: Date;
    }
  | { readonly kind: 'not-modified'; readonly url: string }
  /** `transient`: worth trying again later (a timeout, a 5xx, a lookup that failed), not a refusal. */
  | { readonly kind: 'rejected'; readonly reason: string; readonly transient: boolean };

type Rejected = Extract<FetchResult, { kind: 'rejected' }>;

const refused = (reason: string): Rejected => ({ kind: 'rejected', reason, transient: false });
const failed = (reason: string): Rejected => ({ kind: 'rejected', reason, transient: true });

class FetchTimeout extends Error {
  constructor(readonly stage: 'connect' | 'total') {
    super(`${stage} timeout`);
  }
}

const defaultResolve: Resolver = async (hostname) => lookup(hostname, { all: true });

/** Parses and checks a link as given: an absolute http(s) URL without credentials. */
export function parseLink(input: string): URL | Rejected {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return refused('that is not a link (give a full address such as https://example.com/article)');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return refused(`only http and https links are fetched, not ${url.protocol.replace(/:$/, '')}:`);
  if (url.username !== '' || url.password !== '') return refused('a link holding a user name or password is not fetched');
  url.hash = '';
  return url;
}

export async function fetchPage(input: string, purpose: FetchPurpose, settings: FetchSettings, validators: Validators = {}): Promise<FetchResult> {
  const first = parseLink(input);
  if (!(first instanceof URL)) return first;
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(new FetchTimeout('total')), settings.timeoutMs);
  let url = first;
  try {
    for (let redirects = 0; ; redirects++) {
      const target = await pinnedAddress(url, settings);
      if ('kind' in target) return target;
      const response = await send(url, target, purpose, settings, validators, deadline.signal);
      const status = response.statusCode ?? 0;
      if ([301, 302, 303, 307, 308].includes(status)) {
        response.destroy();
        const location = response.headers.location;
        if (location === undefined || location === '') return refused(`the server answered a redirect (HTTP ${status}) without saying where to`);
        if (redirects >= MAX_REDIRECTS) return refused(`the link redirects more than ${MAX_REDIRECTS} times`);
        let next: URL;
        try {
          next = new URL(location, url);
        } catch {
          return refused('the server redirected to an address that is not a link');
        }
        const checked = parseLink(next.href);
        if (!(checked instanceof URL)) return refused(`the server redirected to a link isnad does not follow: ${checked.reason}`);
        url = checked;
        continue;
      }
      if (status === 304) {
        response.destroy();
        return { kind: 'not-modified', url: url.href };
      }
      if (status < 200 || status > 299) {
        response.destroy();
        return { kind: 'rejected', reason: `the server answered HTTP ${status}`, transient: status >= 500 || status === 429 || status === 408 };
      }
      const [mediaType, charset] = contentType(response.headers['content-type']);
      if (mediaType === undefined) {
        response.destroy();
        return refused('the server did not say what the page is (no Content-Type)');
      }
      if (!ACCEPTED[purpose].has(mediaType)) {
        response.destroy();
        return refused(`${purpose === 'page' ? 'not a web page or text' : 'not a feed'} (the server sent ${mediaType})`);
      }
      const declared = Number(response.headers['content-length'] ?? NaN);
      if (declared > settings.maxBytes) {
        response.destroy();
        return refused(tooLarge(settings.maxBytes));
      }
      const body = await readBody(response, settings.maxBytes);
      if (body === 'too-large') return refused(tooLarge(settings.maxBytes));
      if (typeof body === 'object' && 'kind' in body) return body;
      return {
        kind: 'fetched',
        requested: first.href,
        url: url.href,
        mediaType,
        charset,
        body,
        etag: header(response.headers.etag),
        lastModified: header(response.headers['last-modified']),
        fetchedAt: new Date(),
      };
    }
  } catch (error) {
    return failed(describeFailure(error, url, settings));
  } finally {
    clearTimeout(timer);
    deadline.abort();
  }
}

function tooLarge(maxBytes: number): string {
  return `the page is larger than the limit of ${maxBytes} bytes`;
}

function header(value: string | string[] | undefined): string | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  return text === undefined || text.trim() === '' ? undefined : text.trim();
}

function contentType(value: string | undefined): [string | undefined, string | undefined] {
  if (value === undefined) return [undefined, undefined];
  const [type, ...parameters] = value.split(';');
  const mediaType = type?.trim().toLowerCase();
  const charset = parameters.map((parameter) => /^\s*charset\s*=\s*"?([^";\s]+)"?\s*$/i.exec(parameter)?.[1]).find((found) => found !== undefined);
  return [mediaType === '' ? undefined : mediaType, charset?.toLowerCase()];
}

function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
}

/**
 * The one address the request will connect to: every address the name resolves to is checked
 * (an attacker's name may answer a public and a private one), unless the host is allowed.
 */
async function pinnedAddress(url: URL, settings: FetchSettings): Promise<ResolvedAddress | Rejected> {
  const host = hostOf(url);
  const family = isIP(host);
  let addresses: readonly ResolvedAddress[];
  if (family !== 0) addresses = [{ address: host, family }];
  else {
    try {
      addresses = await (settings.resolve ?? defaultResolve)(host);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return code === 'ENOTFOUND' || code === 'ENODATA' ? refused(`the host ${host} was not found`) : failed(`the host ${host} could not be looked up`);
    }
  }
  if (addresses.length === 0) return refused(`the host ${host} was not found`);
  const allowed = settings.allowedHosts.some((entry) => entry.replace(/^\[(.*)\]$/, '$1').toLowerCase() === host);
  if (!allowed) {
    for (const { address } of addresses) {
      const kind = blockedAddressKind(address);
      if (kind !== undefined) {
        return refused(
          `${host} is on ${kind}, not the public internet; isnad does not fetch such addresses (the operator can allow a host with FETCH_ALLOWED_HOSTS)`,
        );
      }
    }
  }
  return [...addresses].sort((a, b) => a.family - b.family)[0]!;
}

function send(
  url: URL,
  target: ResolvedAddress,
  purpose: FetchPurpose,
  settings: FetchSettings,
  validators: Validators,
  signal: AbortSignal,
): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const secure = url.protocol === 'https:';
    const host = hostOf(url);
    const headers: Record<string, string> = {
      host: url.host,
      'user-agent': settings.userAgent ?? 'isnad/0.1 (news corpus bot)',
      accept: ACCEPT_HEADER[purpose],
      'accept-encoding': 'gzip, deflate, br',
      ...(validators.etag !== undefined ? { 'if-none-match': validators.etag } : {}),
      ...(validators.lastModified !== undefined ? { 'if-modified-since': validators.lastModified } : {}),
    };
    const request = (secure ? https : http).request(
      {
        // The checked address itself: no second lookup can change where this goes.
        host: target.address,
        family: target.family,
        port: url.port === '' ? (secure ? 443 : 80) : Number(url.port),
        path: `${url.pathname}${url.search}`,
        method: 'GET',
        headers,
        // A fresh connection per request: a pooled one could be to an address checked for another name.
        agent: false,
        signal,
        ...(secure && isIP(host) === 0 ? { servername: host } : {}),
      },
      (response) => {
        clearTimeout(connectTimer);
        // The total deadline also stops a body still arriving.
        signal.addEventListener('abort', () => response.destroy(signal.reason as Error), { once: true });
        resolve(response);
      },
    );
    const connectTimeoutMs = settings.connectTimeoutMs ?? Math.min(10_000, settings.timeoutMs);
    const connectTimer = setTimeout(() => request.destroy(new FetchTimeout('connect')), connectTimeoutMs);
    request.once('socket', (socket) => {
      if (!socket.connecting) clearTimeout(connectTimer);
      else socket.once('connect', () => clearTimeout(connectTimer));
    });
    request.once('error', (error) => {
      clearTimeout(connectTimer);
      reject(signal.aborted ? (signal.reason as Error) : error);
    });
    request.end();
  });
}

async function readBody(response: IncomingMessage, maxBytes: number): Promise<Uint8Array | 'too-large' | Rejected> {
  const encoding = (header(response.headers['content-encoding']) ?? 'identity').toLowerCase();
  let stream: Readable;
  const ignore = () => {};
  if (encoding === 'identity') stream = response;
  else if (encoding === 'gzip' || encoding === 'x-gzip') stream = pipeline(response, zlib.createGunzip(), ignore);
  else if (encoding === 'deflate') stream = pipeline(response, zlib.createInflate(), ignore);
  else if (encoding === 'br') stream = pipeline(response, zlib.createBrotliDecompress(), ignore);
  else {
    response.destroy();
    return refused(`the server sent the page in an encoding isnad cannot read (${encoding})`);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      total += chunk.byteLength;
      if (total > maxBytes) {
        response.destroy();
        stream.destroy();
        return 'too-large';
      }
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof FetchTimeout) throw error;
    if ((error as NodeJS.ErrnoException).code?.startsWith('Z_')) return refused('the server sent a compressed page that does not decompress');
    throw error;
  }
  return new Uint8Array(Buffer.concat(chunks));
}

/** A network failure in words for a moderator: the cause when known, never a stack. */
function describeFailure(error: unknown, url: URL, settings: FetchSettings): string {
  const host = hostOf(url);
  const timeout = error instanceof FetchTimeout ? error : error instanceof Error && error.cause instanceof FetchTimeout ? error.cause : undefined;
  if (timeout?.stage === 'connect') return `no connection to ${host} within ${seconds(settings.connectTimeoutMs ?? Math.min(10_000, settings.timeoutMs))} s`;
  if (timeout?.stage === 'total' || (error instanceof Error && error.name === 'AbortError'))
    return `no complete answer from ${host} within ${seconds(settings.timeoutMs)} s`;
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const known: Record<string, string> = {
    ECONNREFUSED: `${host} refused the connection`,
    ECONNRESET: `${host} closed the connection`,
    ETIMEDOUT: `the connection to ${host} timed out`,
    EHOSTUNREACH: `${host} cannot be reached`,
    ENETUNREACH: `${host} cannot be reached`,
    HPE_INVALID_CONSTANT: `${host} did not answer in HTTP`,
  };
  if (typeof code === 'string' && known[code] !== undefined) return known[code];
  if (typeof code === 'string' && (code.startsWith('CERT_') || code.startsWith('ERR_TLS') || code.includes('SELF_SIGNED') || code.startsWith('UNABLE_TO'))) {
    return `the TLS certificate of ${host} was not accepted (${code})`;
  }
  if (error instanceof Error && error.message === 'socket hang up') return `${host} closed the connection`;
  return typeof code === 'string' ? `a network error reaching ${host} (${code})` : `a network error reaching ${host}`;
}

function seconds(ms: number): string {
  return ms >= 10_000 ? String(Math.round(ms / 1000)) : String(Number((ms / 1000).toFixed(1)));
}
