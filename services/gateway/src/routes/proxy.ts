import type { IncomingHttpHeaders } from 'node:http';
import type { IncomingHttpHeaders as Http2IncomingHttpHeaders } from 'node:http2';
import type { FastifyInstance, FastifyReply, FastifyRequest, RawServerBase, RequestGenericInterface } from 'fastify';
import { Pool, type Dispatcher } from 'undici';
import { Counter } from 'prom-client';
import { activeTraceparent } from '@joo/bus';
import { ProblemError } from '@joo/service-kit';
import type { Upstream } from '../config.js';

export interface ProxyOptions {
  upstreams: Upstream[];
  timeoutMs: number;
  /** The largest body a service accepts (service-kit's limit): refused here, before proxying. */
  bodyLimit?: number;
}

const DEFAULT_BODY_LIMIT = 1024 * 1024;

const HOP_BY_HOP = ['connection', 'upgrade', 'keep-alive', 'proxy-connection', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding'];
/** What a client sends that the service does not get as sent: hop-by-hop, Host, and the headers set below. */
const NOT_FORWARDED = new Set([...HOP_BY_HOP, 'host', 'x-request-id', 'x-forwarded-for', 'x-forwarded-proto', 'x-forwarded-host']);
/** What of a service's answer the gateway does not pass on: hop-by-hop, and the length (Fastify sets its own). */
const NOT_RETURNED = new Set([...HOP_BY_HOP]);

/**
 * What a service learns about the caller. Client-sent X-Forwarded-* are replaced, never passed on:
 * only proxies the gateway trusts (TRUST_PROXY) contribute to the chain, so a client cannot pose as
 * another address to identity's per-IP throttling.
 */
export function forwardedHeaders(
  request: FastifyRequest<RequestGenericInterface, RawServerBase>,
  headers: IncomingHttpHeaders | Http2IncomingHttpHeaders,
): IncomingHttpHeaders {
  // Hop-by-hop (RFC 9110 §7.6.1): meant for the gateway, not the service, and so are the headers
  // the client's Connection names. An Upgrade would make the upstream client refuse the request
  // and the caller see a 502 for its own mistake. One pass into a fresh object: deleting from a
  // copy cost the gateway more per request than the rest of this function.
  const listed = connectionListed(headers.connection);
  const out: IncomingHttpHeaders = {};
  for (const name in headers) {
    if (!NOT_FORWARDED.has(name) && (listed.length === 0 || !listed.includes(name))) out[name] = headers[name] as string | string[];
  }
  out['x-request-id'] = String(request.id);
  // Only the client's address: services trust the gateway alone, and would take the last hop
  // of a longer chain (a proxy in front of the gateway) for the client.
  out['x-forwarded-for'] = request.ip;
  out['x-forwarded-proto'] = request.protocol;
  out['x-forwarded-host'] = request.host;
  // With OpenTelemetry running, the service's spans become children of the gateway's; without it
  // the client's traceparent (already in the copied headers) passes through unchanged.
  const traceparent = activeTraceparent();
  if (traceparent) out.traceparent = traceparent;
  return out;
}

const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

/** The header names a Connection header lists (RFC 9110 §7.6.1), lower-cased. */
function connectionListed(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value.join(',') : value).split(',').map((v) => v.trim().toLowerCase()).filter((v) => v !== '');
}

function codesOf(error: unknown): string[] {
  const codes: string[] = [];
  for (let e = error as { code?: unknown; cause?: unknown; errors?: unknown[] } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (typeof e.code === 'string') codes.push(e.code);
    for (const inner of Array.isArray(e.errors) ? e.errors : []) {
      const code = (inner as { code?: unknown }).code;
      if (typeof code === 'string') codes.push(code);
    }
  }
  return codes;
}

/** A failed upstream call as a problem: 503 when nothing answers, 504 on a timeout, 502 otherwise. */
export function upstreamProblem(service: string, error: unknown): ProblemError {
  const codes = codesOf(error);
  if (codes.some((c) => UNREACHABLE_CODES.has(c))) {
    return new ProblemError(503, 'upstream-unavailable', 'Service unavailable',
      `The ${service} service is not answering; try again shortly`, { service }, { 'retry-after': '5' });
  }
  if (codes.some((c) => TIMEOUT_CODES.has(c))) {
    return new ProblemError(504, 'upstream-timeout', 'Gateway timeout', `The ${service} service did not answer in time`, { service });
  }
  return new ProblemError(502, 'bad-gateway', 'Bad gateway', `The ${service} service gave no usable answer`, { service });
}

// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const MAYBE_UNSAFE = /[.%\\\x00-\x1f]/;

/**
 * A path is passed on as it came, so it must not climb out of the service's prefix once the
 * service (or anything in between) resolves dot segments, however they are spelled.
 */
export function isSafePath(url: string): boolean {
  const query = url.indexOf('?');
  const raw = query === -1 ? url : url.slice(0, query);
  // Most paths hold no dot, escape, backslash or control character: nothing to decode or split.
  if (!MAYBE_UNSAFE.test(raw)) return true;
  const path = raw.replaceAll('\\', '/');
  let decoded: string;
  try {
    decoded = decodeURIComponent(path).replaceAll('\\', '/');
  } catch {
    return false;
  }
  for (let i = 0; i < decoded.length; i++) if (decoded.charCodeAt(i) < 0x20) return false;
  return !decoded.split('/').includes('..');
}

const METHODS = ['DELETE', 'GET', 'HEAD', 'PATCH', 'POST', 'PUT', 'OPTIONS'];
/** Answers up to this size are read whole and sent in one write; larger or unsized ones stream. */
const BUFFERED_ANSWER_BYTES = 256 * 1024;
const NO_BODY_STATUSES = new Set([204, 304]);

type AnyReply = FastifyReply<RequestGenericInterface, RawServerBase>;

/** Drops an answer nobody will read; destroying it unread raises an abort error nobody waits for. */
function discard(body: Dispatcher.ResponseData['body']): void {
  body.once('error', () => {});
  body.destroy();
}

/**
 * `/v1/<name>/…` of each upstream to the same path and query there, `/.well-known/jwks.json` to
 * identity, and a 404 problem for a service nobody runs. One undici pool per service with kept-
 * alive connections; bodies pass through unparsed (the service validates them). Most answers are
 * small JSON: they are read whole and written to the client at once, which costs the gateway about
 * half of what piping a stream through Fastify did (bench/content-access.ts). Nothing is retried:
 * the client decides when to, and a retry would multiply load on a struggling service.
 */
export async function registerProxies(app: FastifyInstance, options: ProxyOptions): Promise<void> {
  const failures = new Counter({
    name: 'gateway_upstream_failures_total',
    help: 'Requests the gateway could not deliver to a service, by service and answer given',
    labelNames: ['service', 'status'] as const,
    registers: [app.metrics],
  });
  // Proxied bodies stream through unparsed, so Fastify's bodyLimit never sees them; a service that
  // refuses a large body mid-upload would surface as a 502. Refuse it by its declared length here.
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  app.addHook('onRequest', async (request, reply) => {
    const length = Number(request.headers['content-length'] ?? 0);
    if (length > bodyLimit) {
      reply.header('connection', 'close');
      throw new ProblemError(413, 'body-too-large', 'The body is too large', `Bodies are limited to ${bodyLimit} bytes`);
    }
  });

  const pools = new Map<string, Pool>();
  for (const upstream of options.upstreams) {
    pools.set(upstream.name, new Pool(upstream.url, {
      connections: 128, headersTimeout: options.timeoutMs, bodyTimeout: options.timeoutMs, connectTimeout: options.timeoutMs,
    }));
  }
  app.addHook('onClose', async () => {
    await Promise.all([...pools.values()].map((pool) => pool.destroy()));
  });

  const forward = async (name: string, request: FastifyRequest, reply: AnyReply): Promise<unknown> => {
    if (!isSafePath(request.url)) {
      throw new ProblemError(400, 'bad-path', 'The path is not allowed', 'Paths may not contain dot segments or control characters');
    }
    const fail = (error: unknown) => {
      const problem = upstreamProblem(name, error);
      failures.inc({ service: name, status: String(problem.status) });
      reply.log.warn({ service: name, codes: codesOf(error) }, 'upstream call failed');
      // The body may be half read: the connection cannot carry another request, so say so, or
      // the client and the server's close() wait for a keep-alive timeout.
      if (!request.raw.complete) reply.header('connection', 'close');
      return reply.send(problem);
    };
    const method = request.method as Dispatcher.HttpMethod;
    const hasBody = method !== 'GET' && method !== 'HEAD' && request.body !== undefined && request.body !== null;
    let answer;
    try {
      answer = await pools.get(name)!.request({
        method,
        path: request.url,
        headers: forwardedHeaders(request, request.headers),
        body: hasBody ? (request.body as NodeJS.ReadableStream as never) : null,
      });
    } catch (error) {
      return fail(error);
    }
    const { statusCode, headers, body } = answer;
    const length = Number(headers['content-length']);
    let payload: Buffer | typeof body | undefined;
    if (method === 'HEAD' || NO_BODY_STATUSES.has(statusCode)) {
      body.dump().catch(() => {});
    } else if (length <= BUFFERED_ANSWER_BYTES) {
      try {
        payload = Buffer.from(await body.arrayBuffer());
      } catch (error) {
        return fail(error);
      }
    } else {
      payload = body;
    }
    // (The request stream itself is destroyed once its body was read: ask the connection.)
    if (request.raw.socket?.destroyed === true) {
      // The client went away meanwhile: nobody reads an answer.
      if (payload === body) discard(body);
      return reply;
    }
    try {
      reply.code(statusCode);
    } catch (error) {
      // A status Fastify cannot send (outside 100–599) is no usable answer: 502, not 500.
      if (payload === body) discard(body);
      return fail(error);
    }
    const listed = connectionListed(headers.connection);
    for (const name in headers) {
      // Fastify sets the length of what it sends; for HEAD the service's stays.
      if (NOT_RETURNED.has(name) || (name === 'content-length' && payload !== undefined) || (listed.length !== 0 && listed.includes(name))) continue;
      reply.header(name, headers[name]);
    }
    if (!request.raw.complete) reply.header('connection', 'close');
    return reply.send(payload);
  };

  await app.register(async (scope) => {
    // Bodies go to the service as they came: it parses and validates them itself.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
    for (const upstream of options.upstreams) {
      const handler = (request: FastifyRequest, reply: AnyReply) => forward(upstream.name, request, reply);
      scope.route({ method: METHODS, url: `/v1/${upstream.name}`, handler });
      scope.route({ method: METHODS, url: `/v1/${upstream.name}/*`, handler });
      if (upstream.name === 'identity') scope.route({ method: ['GET', 'HEAD'], url: '/.well-known/jwks.json', handler });
    }
  });

  const known = options.upstreams.map((u) => u.name).join(', ');
  const unknown = async (request: FastifyRequest<{ Params: { service: string } }>) => {
    throw new ProblemError(404, 'unknown-service', 'Not found', `No service is called "${request.params.service}"; there are: ${known}`);
  };
  app.all('/v1/:service', unknown);
  app.all('/v1/:service/*', unknown);
}
