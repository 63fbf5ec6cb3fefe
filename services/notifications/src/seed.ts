import { isMainModule, runDatabaseScript } from '@joo/service-runtime';

/**
 * `node dist/seed.js`: nothing to seed. Templates are data files read at start, and recipients
 * come from identity's events.
 */
if (isMainModule(import.meta.url)) {
  await runDatabaseScript('notifications', 'seed', async () => 'nothing to seed (templates are in data/templates; recipients come from identity events)');
}
