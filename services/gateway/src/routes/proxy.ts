import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Pool } from 'undici';
import { Counter } from 'prom-client';
import { nestingTooDeep, nestsDeeperThan, ProblemError } from '@joo/service-kit';
import type { Upstream } from '../config.js';
import { forwarder, type AnyReply } from './forward.js';

export interface ProxyOptions {
  upstreams: Upstream[];
  timeoutMs: number;
  /** The largest body a service accepts (service-kit's limit): refused here, before proxying. */
  bodyLimit?: number;
}

const DEFAULT_BODY_LIMIT = 1024 * 1024;
const METHODS = ['DELETE', 'GET', 'HEAD', 'PATCH', 'POST', 'PUT', 'OPTIONS'];

/**
 * `/v1/<name>/…` of each upstream to the same path and query there, `/.well-known/jwks.json` to
 * identity, and a 404 problem for a service nobody runs. One undici pool per service with kept-
 * alive connections; bodies pass through unparsed (the service validates them).
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
  const forward = forwarder(pools, failures);

  await app.register(async (scope) => {
    // Bodies go to the service as they came: it parses and validates them itself. JSON is read
    // whole first (it is small, and limited like the services') so that nesting too deep for any
    // service is refused here, by counting brackets, before a service spends a parse on it.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
    scope.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => {
      done(nestsDeeperThan(body as Buffer) ? nestingTooDeep() : null, body);
    });
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
