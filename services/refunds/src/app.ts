import { createServiceApp, outboxContext, type BuiltService, type ServiceAppDeps } from '@joo/service-runtime';
import type { RefundsContext } from './context.js';
import { kazakhstanCalendar, type WorkingCalendar } from './domain/working-days.js';
import { refundsMetrics } from './metrics.js';
import { adminRoutes } from './routes/admin.js';
import { applicationRoutes } from './routes/applications.js';
import { payoutDetailsRoutes } from './routes/payout-details.js';

export interface BuildAppDeps extends ServiceAppDeps {
  clock?: () => Date;
  calendar?: WorkingCalendar;
}

/** The refunds service (offer §14, Appendix 1) as a Fastify app; main.ts listens with it, tests inject into it. */
export async function buildApp(deps: BuildAppDeps): Promise<BuiltService<RefundsContext>> {
  const app = await createServiceApp(deps, {
    name: 'refunds',
    description: 'Refund applications under offer §14 and Appendix 1: assessment, review deadlines, decisions',
    tags: [
      { name: 'refunds', description: 'Refund applications under offer section 14 and their assessment' },
      { name: 'refunds admin', description: 'Reviewing refund applications (admin role)' },
    ],
  });
  const clock = deps.clock ?? (() => new Date());
  const ctx: RefundsContext = {
    ...outboxContext(deps),
    clock,
    calendar: deps.calendar ?? kazakhstanCalendar(),
    metrics: refundsMetrics(app.metrics, { pool: deps.pool, clock }),
  };
  applicationRoutes(app, ctx);
  adminRoutes(app, ctx);
  payoutDetailsRoutes(app, ctx);
  return { app, ctx };
}
