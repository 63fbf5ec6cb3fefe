import type { Pool } from '@joo/db';
import { createService, type App, type KeySource } from '@joo/service-kit';
import type { RefundsContext } from './context.js';
import { kazakhstanCalendar, type WorkingCalendar } from './domain/working-days.js';
import { refundsMetrics } from './metrics.js';
import { adminRoutes } from './routes/admin.js';
import { applicationRoutes } from './routes/applications.js';

export interface BuildAppDeps {
  pool: Pool;
  /** Where access tokens' keys come from: identity's JWKS in production, a test issuer in tests. */
  keys: KeySource;
  issuer?: string;
  audience?: string;
  logLevel?: string;
  clock?: () => Date;
  calendar?: WorkingCalendar;
  /** Called after a commit that wrote events: main passes the relay's wake(). */
  onOutboxWrite?: () => void;
}

export type RefundsApp = App & { refunds: RefundsContext };

/** The refunds service (offer §14, Appendix 1) as a Fastify app; main.ts listens with it, tests inject into it. */
export async function buildApp(deps: BuildAppDeps): Promise<RefundsApp> {
  const app = await createService({
    name: 'refunds',
    description: 'Refund applications under offer §14 and Appendix 1: assessment, review deadlines, decisions',
    ...(deps.logLevel ? { logLevel: deps.logLevel } : {}),
    auth: { issuer: deps.issuer ?? 'joo-identity', audience: deps.audience ?? 'joo-platform', keys: deps.keys },
  });
  app.addReadinessCheck('postgres', () => deps.pool.query('SELECT 1'));
  const clock = deps.clock ?? (() => new Date());
  const ctx: RefundsContext = {
    pool: deps.pool,
    clock,
    calendar: deps.calendar ?? kazakhstanCalendar(),
    metrics: refundsMetrics(app.metrics, { pool: deps.pool, clock }),
    onOutboxWrite: deps.onOutboxWrite ?? (() => {}),
  };
  applicationRoutes(app, ctx);
  adminRoutes(app, ctx);
  return Object.assign(app, { refunds: ctx });
}
