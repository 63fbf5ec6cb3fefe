import { startConsumer } from '@joo/bus';
import { authFromConfig } from '@joo/service-kit';
import { startServiceProcess } from '@joo/service-runtime';
import { buildApp } from './app.js';
import { loadContestsConfigOrExit } from './config.js';
import { identityRoutes } from './events/identity.js';
import { catalogRoutes, practiceRoutes } from './events/practice.js';

const config = loadContestsConfigOrExit();

await startServiceProcess({
  name: 'contests',
  config,
  build: (outbox) => buildApp({ ...outbox, auth: authFromConfig(config), logLevel: config.LOG_LEVEL }),
  background: async (ctx, { bus, app }) => {
    const identity = await startConsumer({
      pool: ctx.pool, bus, consumer: 'contests', ...identityRoutes.consumer(), log: app.log, registry: app.metrics,
    });
    // The partner-grants contest: package holders and weekly mock scores (ADR 0020).
    const catalog = await startConsumer({
      pool: ctx.pool, bus, consumer: 'contests', ...catalogRoutes.consumer(), log: app.log, registry: app.metrics,
    });
    const practice = await startConsumer({
      pool: ctx.pool, bus, consumer: 'contests', ...practiceRoutes.consumer(), log: app.log, registry: app.metrics,
    });
    return [() => identity.stop(), () => catalog.stop(), () => practice.stop()];
  },
});
