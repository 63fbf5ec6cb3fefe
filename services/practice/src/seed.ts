import { isMainModule, runDatabaseScript } from '@joo/service-runtime';

/** `node dist/seed.js`: demo data for `pnpm start` and the end-to-end tests. */
if (isMainModule(import.meta.url)) {
  await runDatabaseScript('practice', 'seed', async () => 'nothing to seed');
}
