import type { Pool } from '@joo/db';
import { createService, type App, type KeySource } from '@joo/service-kit';
import type { ContestsContext } from './context.js';
import { contestsMetrics } from './metrics.js';
import { adminContestRoutes } from './routes/admin-contests.js';
import { contestRoutes } from './routes/contests.js';
import { researchRoutes } from './routes/research.js';
import { surveyRoutes } from './routes/surveys.js';

export interface BuildAppDeps {
  pool: Pool;
  /** Where the access tokens' public keys come from: identity's JWKS in production. */
  keys: KeySource;
  issuer?: string;
  audience?: string;
  logLevel?: string;
  clock?: () => Date;
  /** Called after a commit that wrote events: main passes the relay's wake(). */
  onOutboxWrite?: () => void;
}

/** The contests service (contests, verifiable draws, surveys, research exports) as a Fastify app. */
export async function buildApp(deps: BuildAppDeps): Promise<App> {
  const app = await createService({
    name: 'contests',
    description: 'Contests with verifiable draws, surveys and anonymised research exports (offer 1.3, 1.4, 9, 10)',
    ...(deps.logLevel ? { logLevel: deps.logLevel } : {}),
    auth: { issuer: deps.issuer ?? 'joo-identity', audience: deps.audience ?? 'joo-platform', keys: deps.keys },
  });
  app.addReadinessCheck('postgres', () => deps.pool.query('SELECT 1'));
  const ctx: ContestsContext = {
    pool: deps.pool,
    clock: deps.clock ?? (() => new Date()),
    metrics: contestsMetrics(app.metrics),
    onOutboxWrite: deps.onOutboxWrite ?? (() => {}),
  };
  adminContestRoutes(app, ctx);
  contestRoutes(app, ctx);
  surveyRoutes(app, ctx);
  researchRoutes(app, ctx);
  return app;
}
