import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

const HSTS = 'max-age=31536000; includeSubDomains';

/**
 * The usual security headers on every answer (@fastify/helmet): `nosniff`, no referrer, no
 * framing, and a CSP that lets an API answer load nothing (`default-src 'none'`); an HTML page
 * (the gateway's /docs) sets its own. HSTS only on requests that came over https (TLS here, or
 * `X-Forwarded-Proto` from a trusted proxy: production's ingress); browsers ignore it over http,
 * and a laptop's http://localhost must not be pinned to https.
 */
export async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
    frameguard: { action: 'deny' },
    hsts: false,
  });
  app.addHook('onRequest', (request, reply, done) => {
    if (request.protocol === 'https') reply.header('strict-transport-security', HSTS);
    done();
  });
}
