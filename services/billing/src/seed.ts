import { isMainModule, runDatabaseScript } from '@joo/service-runtime';

/**
 * Billing has no demo data of its own: its price list arrives from catalog's product events, and
 * orders are made by students.
 */
if (isMainModule(import.meta.url)) {
  await runDatabaseScript('billing', 'seed', async () => 'nothing to seed (prices come from catalog.product.changed events)');
}
