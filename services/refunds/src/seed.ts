import { isMainModule, runDatabaseScript } from '@joo/service-runtime';

/** Refunds has no demo data: its facts arrive from billing's and catalog's events. */
if (isMainModule(import.meta.url)) {
  await runDatabaseScript('refunds', 'seed', async () => 'nothing to seed (orders and payments come from billing events)');
}
