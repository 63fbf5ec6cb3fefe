import type { IncomingHttpHeaders } from 'node:http';
import type { IncomingHttpHeaders as Http2IncomingHttpHeaders } from 'node:http2';
import httpProxy from '@fastify/http-proxy';
import type { FastifyInstance, FastifyReply, FastifyRequest, RawServerBase, RequestGenericInterface } from 'fastify';
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

const HOP_BY_HOP = ['upgrade', 'keep-alive', 'proxy-connection', 'proxy-authorization', 'te', 'trailer'];

/**
 * What a service learns about the caller. Client-sent X-Forwarded-* are replaced, never passed on:
 * only proxies the gateway trusts (TRUST_PROXY) contribute to the chain, so a client cannot pose as
 * another address to identity's per-IP throttling.
 */
export function forwardedHeaders(
  request: FastifyRequest<RequestGenericInterface, RawServerBase>,
  headers: IncomingHttpHeaders | Http2IncomingHttpHeaders,
): IncomingHttpHeaders {
  const out: IncomingHttpHeaders = { ...headers };
  // Hop-by-hop (RFC 9110 §7.6.1): meant for the gateway, not the service. An Upgrade would make
  // the upstream client refuse the request and the caller see a 502 for its own mistake.
  for (const name of HOP_BY_HOP) delete out[name];
  Object.assign(out, {
    'x-request-id': String(request.id),
    // Only the client's address: services trust the gateway alone, and would take the last hop
    // of a longer chain (a proxy in front of the gateway) for the client.
    'x-forwarded-for': request.ip,
    'x-forwarded-proto': request.protocol,
    'x-forwarded-host': request.host,
  });
  // With OpenTelemetry running, the service's spans become children of the gateway's; without it
  // the client's traceparent (already in the copied headers) passes through unchanged.
  const traceparent = activeTraceparent();
  if (traceparent) out.traceparent = traceparent;
  return out;
}

const TIMEOUT_CODES = new Set(['FST_REPLY_FROM_GATEWAY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT', 'FST_REPLY_FROM_HTTP_REQUEST_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'FST_REPLY_FROM_SERVICE_UNAVAILABLE']);

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

/**
 * `/v1/<name>/…` of each upstream to the same path and query there (one @fastify/http-proxy per
 * upstream), `/.well-known/jwks.json` to identity, and a 404 problem for a service nobody runs.
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
  for (const upstream of options.upstreams) {
    const replyOptions = {
      rewriteRequestHeaders: forwardedHeaders,
      // GETs answered 503 would otherwise be retried up to ten times, multiplying load on a
      // struggling service: the client decides when to retry.
      retryDelay: () => null,
      onError: (reply: FastifyReply<RequestGenericInterface, RawServerBase>, { error }: { error: Error }) => {
        const problem = upstreamProblem(upstream.name, error);
        failures.inc({ service: upstream.name, status: String(problem.status) });
        reply.log.warn({ service: upstream.name, codes: codesOf(error) }, 'upstream call failed');
        // The body may be half read: the connection cannot carry another request, so say so, or
        // the client and the server's close() wait for a keep-alive timeout.
        if (!reply.request.raw.complete) reply.header('connection', 'close');
        reply.send(problem);
      },
    };
    const common = {
      upstream: upstream.url,
      undici: { connections: 128, headersTimeout: options.timeoutMs, bodyTimeout: options.timeoutMs },
      replyOptions,
    };
    await app.register(httpProxy, { ...common, prefix: `/v1/${upstream.name}`, rewritePrefix: `/v1/${upstream.name}` });
    if (upstream.name === 'identity') {
      await app.register(httpProxy, {
        ...common, prefix: '/.well-known', rewritePrefix: '/.well-known', routes: ['/jwks.json'], httpMethods: ['GET', 'HEAD'],
      });
    }
  }

  const known = options.upstreams.map((u) => u.name).join(', ');
  const unknown = async (request: FastifyRequest<{ Params: { service: string } }>) => {
    throw new ProblemError(404, 'unknown-service', 'Not found', `No service is called "${request.params.service}"; there are: ${known}`);
  };
  app.all('/v1/:service', unknown);
  app.all('/v1/:service/*', unknown);
}
