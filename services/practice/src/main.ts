import { startConsumer } from '@joo/bus';
import { authFromConfig } from '@joo/service-kit';
import { startServiceProcess } from '@joo/service-runtime';
import { buildApp } from './app.js';
import { loadPracticeConfigOrExit, weeklySchedule } from './config.js';
import { catalogRoutes } from './events/catalog.js';
import { startMockTicker } from './jobs/mock-ticker.js';
import { identityRoutes } from './events/identity.js';
import { progressRoutes } from './events/progress.js';

const config = loadPracticeConfigOrExit();

await startServiceProcess({
  name: 'practice',
  config,
  build: (outbox) => buildApp({ ...outbox, auth: authFromConfig(config), logLevel: config.LOG_LEVEL, weekly: weeklySchedule(config) }),
  background: async (ctx, { bus, app }) => {
    const consume = (routes: typeof catalogRoutes) => startConsumer({
      pool: ctx.pool, bus, consumer: 'practice', ...routes.consumer(), log: app.log, registry: app.metrics,
    });
    // Who may practise: catalog's entitlements, copied into practice's own table (ADR 0018).
    const catalog = await consume(catalogRoutes);
    // Progress: practice's own scored attempts as a read model (ADR 0020).
    const progress = await consume(progressRoutes);
    // Erasure of a student's study record (ADR 0020).
    const identity = await consume(identityRoutes);
    // Windows opening, deadlines passing and accepted appeals, claimed in the database (ADR 0019).
    const ticker = startMockTicker(ctx, { intervalMs: config.MOCK_TICK_INTERVAL_MS, log: app.log });
    ctx.wakeTicker = ticker.wake;
    return [() => ticker.stop(), () => catalog.stop(), () => progress.stop(), () => identity.stop()];
  },
});
