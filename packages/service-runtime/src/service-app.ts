import { createService, type App, type AuthOptions, type ServiceOptions } from '@joo/service-kit';
import type { OutboxDeps } from './outbox-context.js';

/** What every service's buildApp deps carry for its Fastify app, beside the service's own settings. */
export interface ServiceAppDeps extends OutboxDeps {
  /** How access tokens are verified: identity's JWKS in production, a test issuer in tests. */
  auth: AuthOptions;
  logLevel?: string;
  /** Whose X-Forwarded-For to believe (the gateway); proxy-addr syntax or true/false, false if left out. */
  trustProxy?: boolean | string;
}

/**
 * The Fastify app of a service that owns a database (createService of @joo/service-kit), set up
 * from its buildApp deps; `/health/ready` also asks PostgreSQL. The service adds its routes.
 */
export async function createServiceApp(
  deps: ServiceAppDeps, service: Pick<ServiceOptions, 'name' | 'description' | 'tags' | 'securitySchemes' | 'metricsRegistry'>,
): Promise<App> {
  const app = await createService({
    ...service,
    ...(deps.logLevel ? { logLevel: deps.logLevel } : {}),
    trustProxy: deps.trustProxy ?? false,
    auth: deps.auth,
  });
  app.addReadinessCheck('postgres', () => deps.pool.query('SELECT 1'));
  return app;
}
