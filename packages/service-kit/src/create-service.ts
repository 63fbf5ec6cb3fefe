import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import Fastify, { type FastifyBaseLogger, type FastifyReply, type FastifyInstance, type RawServerDefault } from 'fastify';
import fastifySwagger from '@fastify/swagger';
import { documentProblemMediaType } from './problem-media-type.js';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { registerAuth, type AuthOptions } from './auth.js';
import { clientErrorOptions } from './client-errors.js';
import { registerErrorHandling } from './error-handler.js';
import { PROBLEM_CONTENT_TYPE, ProblemError, problemBody } from './problems.js';
import { registerHealth } from './health.js';
import { registerJsonDepthLimit } from './json-depth.js';
import { createLogger } from './logger.js';
import { registerMetrics } from './metrics.js';
import { registerMethodNotAllowed } from './method-not-allowed.js';
import { registerSecurityHeaders } from './security-headers.js';
import { requireOperationNames } from './operation-names.js';
import { telemetryFastifyPlugin } from './telemetry.js';
import { registerValidation } from './validation.js';

export type App = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, TypeBoxTypeProvider>;

export interface ServiceOptions {
  /** `identity`, `billing`, ...: names logs, metrics and the OpenAPI document. */
  name: string;
  version?: string;
  description?: string;
  /** The tags its routes use, each with what it groups (the merged document lists them). */
  tags?: OpenApiTag[];
  /** Security schemes besides `bearer` (a user's access token) that its routes name. */
  securitySchemes?: Record<string, OpenApiSecurityScheme>;
  logger?: Logger;
  logLevel?: string;
  /** Omit for a service without protected routes. */
  auth?: AuthOptions;
  /** Default 1 MiB; larger bodies get 413. */
  bodyLimit?: number;
  /** Trust X-Forwarded-For from the gateway in front (request.ip is the client's). */
  trustProxy?: boolean | string;
  metricsRegistry?: Registry;
  /** A client must have sent its headers within this, or gets 408 (client-errors.ts). */
  headersTimeoutMs?: number;
}

export interface OpenApiTag {
  name: string;
  description: string;
}

/** An HTTP authentication scheme (every credential of the platform travels as `Authorization: Bearer`). */
export interface OpenApiSecurityScheme {
  type: 'http';
  scheme: string;
  bearerFormat?: string;
  description?: string;
}

/** A user's access token from identity (docs/ARCHITECTURE.md §5.2): the scheme of every authenticated route. */
export const BEARER_SCHEME: OpenApiSecurityScheme = {
  type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'An access token from POST /v1/identity/login or /v1/identity/refresh',
};

/** The tag of operations for administrators, which several services share. */
export const ADMIN_TAG: OpenApiTag = { name: 'admin', description: 'For administrators: the admin role is required' };

export const REQUEST_ID_HEADER = 'x-request-id';
const REQUEST_ID_PATTERN = /^[\w.:@-]{1,128}$/;

/**
 * Builds the Fastify instance every service starts from: pino with trace ids, strict validation,
 * RFC 9457 errors (those Node raises before routing too), body limit and nesting depth, request
 * ids, security headers, 405 with Allow, health, metrics, OpenAPI, JWT verification and
 * OpenTelemetry. The service adds its routes to what this returns.
 */
export async function createService(options: ServiceOptions): Promise<App> {
  const app = Fastify({
    loggerInstance: (options.logger ?? createLogger(options.name, options.logLevel)) as FastifyBaseLogger,
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    trustProxy: options.trustProxy ?? false,
    // A caller's request id is kept only when it looks like one, so logs cannot be flooded or forged.
    requestIdHeader: false,
    genReqId: (request) => {
      const given = request.headers[REQUEST_ID_HEADER];
      return typeof given === 'string' && REQUEST_ID_PATTERN.test(given) ? given : randomUUID();
    },
    ajv: { customOptions: { removeAdditional: false } },
    // Shutting down is answered below, as a problem (Fastify's own 503 is plain JSON).
    return503OnClosing: false,
    // Errors raised before routing (an undecodable URL) skip the error handler: answer them here.
    frameworkErrors: (error, request, reply) => {
      (reply as unknown as FastifyReply).code(400).header(REQUEST_ID_HEADER, request.id).type(PROBLEM_CONTENT_TYPE).send(problemBody({
        status: 400, code: 'bad-url', title: 'The URL cannot be decoded', detail: error.message, instance: request.url,
      }));
    },
    forceCloseConnections: 'idle',
    ...clientErrorOptions(options.headersTimeoutMs),
  });

  // While the server drains, requests still arriving on open connections are told to go elsewhere;
  // the health routes keep answering, so readiness reports `closing`.
  let closing = false;
  app.addHook('preClose', async () => { closing = true; });
  // One first hook for every request (each hook is a step on the hot path): the request id goes on
  // the answer now, and stays there whatever answer follows, a problem included.
  app.addHook('onRequest', (request, reply, done) => {
    reply.header(REQUEST_ID_HEADER, request.id);
    if (!closing || request.url.startsWith('/health/')) {
      done();
      return;
    }
    reply.header('connection', 'close');
    done(new ProblemError(503, 'shutting-down', 'Service unavailable', 'This instance is shutting down; retry the request',
      {}, { 'retry-after': '1' }));
  });

  requireOperationNames(app, options.name);
  registerValidation(app);
  registerJsonDepthLimit(app);
  registerErrorHandling(app);
  await registerSecurityHeaders(app);
  registerMethodNotAllowed(app);
  // Request spans cost a few per cent of each request's CPU; without a started SDK nobody reads them.
  const tracing = telemetryFastifyPlugin();
  if (tracing) await app.register(tracing);
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: `joo ${options.name}`, version: options.version ?? '0.1.0', description: options.description ?? '' },
      ...(options.tags ? { tags: options.tags } : {}),
      components: { securitySchemes: { bearer: BEARER_SCHEME, ...options.securitySchemes } },
    },
    transformObject: (document) => documentProblemMediaType('openapiObject' in document ? document.openapiObject : document.swaggerObject),
  });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  registerHealth(app);
  registerMetrics(app, options.name, options.metricsRegistry);
  if (options.auth) await registerAuth(app, options.auth);
  return app.withTypeProvider<TypeBoxTypeProvider>();
}
