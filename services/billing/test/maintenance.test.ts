import t from 'tap';
import { startMaintenance } from '../src/jobs/maintenance.js';
import { build } from './helper.js';

t.test('when housekeeping runs, then idempotency keys older than a day go and recent ones stay', async (t) => {
  const b = await build(t);
  await b.pool.query(`INSERT INTO idempotency_keys (scope, key, request_hash, state, locked_until, created_at)
    VALUES ('u', 'old', 'h', 'done', now(), now() - interval '25 hours'), ('u', 'new', 'h', 'done', now(), now())`);
  const job = startMaintenance({ pool: b.pool, intervalMs: 3_600_000, log: { info: () => {}, error: (o) => t.fail(JSON.stringify(o)) } });
  await job.stop();
  t.same((await b.pool.query('SELECT key FROM idempotency_keys')).rows.map((r) => r.key), ['new']);
});
