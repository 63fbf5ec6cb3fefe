import type { Pool } from '@joo/db';
import { pruneIdempotencyKeys } from '@joo/idempotency';

interface Log { info(o: object, m: string): void; error(o: object, m: string): void }

/**
 * Hourly housekeeping: Idempotency-Keys past their 24 hours go. (Published outbox rows stay: they
 * are billing's record of what it announced, docs/decisions/0004.) Now, then every intervalMs.
 */
export function startMaintenance(options: { pool: Pool; intervalMs: number; log: Log; clock?: () => Date }): { stop(): Promise<void> } {
  const clock = options.clock ?? (() => new Date());
  let running: Promise<void> = Promise.resolve();
  const sweep = async () => {
    try {
      const keys = await pruneIdempotencyKeys(options.pool, clock());
      if (keys > 0) options.log.info({ keys }, 'pruned expired idempotency keys');
    } catch (error) {
      options.log.error({ err: (error as Error).message }, 'maintenance failed; retrying at the next interval');
    }
  };
  const timer = setInterval(() => { running = sweep(); }, options.intervalMs);
  timer.unref();
  running = sweep();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
