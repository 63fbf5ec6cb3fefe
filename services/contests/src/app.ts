import { ADMIN_TAG } from '@joo/service-kit';
import { createServiceApp, outboxContext, type BuiltService, type ServiceAppDeps } from '@joo/service-runtime';
import type { ContestsContext } from './context.js';
import { contestsMetrics } from './metrics.js';
import { adminContestRoutes } from './routes/admin-contests.js';
import { contestRoutes } from './routes/contests.js';
import { researchRoutes } from './routes/research.js';
import { surveyRoutes } from './routes/surveys.js';

export interface BuildAppDeps extends ServiceAppDeps {
  clock?: () => Date;
}

/** The contests service (contests, verifiable draws, surveys, research exports) as a Fastify app. */
export async function buildApp(deps: BuildAppDeps): Promise<BuiltService<ContestsContext>> {
  const app = await createServiceApp(deps, {
    name: 'contests',
    description: 'Contests with verifiable draws, surveys and anonymised research exports (offer 1.3, 1.4, 9, 10)',
    tags: [
      { name: 'contests', description: 'Sponsor contests, entries and their verifiable draws' },
      { name: 'surveys', description: 'Surveys meant for you and your answers (offer section 9)' },
      { name: 'research', description: 'Anonymised research exports' },
      ADMIN_TAG,
    ],
  });
  const ctx: ContestsContext = {
    ...outboxContext(deps),
    clock: deps.clock ?? (() => new Date()),
    metrics: contestsMetrics(app.metrics),
  };
  adminContestRoutes(app, ctx);
  contestRoutes(app, ctx);
  surveyRoutes(app, ctx);
  researchRoutes(app, ctx);
  return { app, ctx };
}
