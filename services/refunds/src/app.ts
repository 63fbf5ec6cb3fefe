import { createServiceApp, outboxContext, type BuiltService, type ServiceAppDeps } from '@joo/service-runtime';
import type { RefundsContext } from './context.js';
import { kazakhstanCalendar, type WorkingCalendar } from './domain/working-days.js';
import { claimsMetrics } from './claims-metrics.js';
import { refundsMetrics } from './metrics.js';
import { adminClaimRoutes } from './routes/admin-claims.js';
import { adminEnteredApplicationRoutes } from './routes/admin-entered-applications.js';
import { adminRoutes } from './routes/admin.js';
import { applicationRoutes } from './routes/applications.js';
import { claimRoutes } from './routes/claims.js';

export interface BuildAppDeps extends ServiceAppDeps {
  clock?: () => Date;
  calendar?: WorkingCalendar;
}

/** The refunds service (offer §14, Appendix 1) as a Fastify app; main.ts listens with it, tests inject into it. */
export async function buildApp(deps: BuildAppDeps): Promise<BuiltService<RefundsContext>> {
  const app = await createServiceApp(deps, {
    name: 'refunds',
    description: 'Refund applications under offer §14 and Appendix 1: assessment, review deadlines, decisions; claims under offer §13',
    tags: [
      { name: 'refunds', description: 'Refund applications under offer section 14 and their assessment' },
      { name: 'refunds claims', description: 'Claims under offer section 13, answered within 90 calendar days' },
      { name: 'refunds admin', description: 'Reviewing refund applications and answering claims, and entering those received by e-mail (admin role)' },
    ],
  });
  const clock = deps.clock ?? (() => new Date());
  const ctx: RefundsContext = {
    ...outboxContext(deps),
    clock,
    calendar: deps.calendar ?? kazakhstanCalendar(),
    metrics: refundsMetrics(app.metrics, { pool: deps.pool, clock }),
  };
  claimsMetrics(app.metrics, { pool: deps.pool, clock });
  applicationRoutes(app, ctx);
  adminRoutes(app, ctx);
  adminEnteredApplicationRoutes(app, ctx);
  claimRoutes(app, ctx);
  adminClaimRoutes(app, ctx);
  return { app, ctx };
}
