import type { Pool } from '@joo/db';
import { pruneDeviceTokens } from '../store/device-tokens.js';
import { RESET_THROTTLE } from '../domain/reset-code.js';
import { pruneFailures } from '../store/login-failures.js';
import { pruneResetRequests } from '../store/password-resets.js';
import { pruneRefreshTokens } from '../store/refresh-tokens.js';
import { THROTTLE } from '../usecases/login-throttle.js';
import { runDueErasures } from './erasure.js';

interface SweepLog {
  info(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/**
 * Runs the due erasures, drops login failures older than the throttle window and refresh and
 * device tokens that can no longer be used, now and then every intervalMs. stop() waits for a sweep in progress.
 */
export function startSweeper(options: {
  pool: Pool; intervalMs: number; log: SweepLog; onOutboxWrite?: () => void; clock?: () => Date;
}): { stop: () => Promise<void> } {
  const clock = options.clock ?? (() => new Date());
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const sweep = async () => {
    try {
      const now = clock();
      const erased = await runDueErasures({ pool: options.pool, now, ...(options.onOutboxWrite ? { onOutboxWrite: options.onOutboxWrite } : {}) });
      if (erased > 0) options.log.info({ erased }, 'erased accounts whose erasure was due');
      await pruneFailures(options.pool, new Date(now.getTime() - THROTTLE.windowMs));
      await pruneResetRequests(options.pool, new Date(now.getTime() - RESET_THROTTLE.windowMs));
      await pruneRefreshTokens(options.pool, now);
      await pruneDeviceTokens(options.pool, now);
    } catch (error) {
      options.log.error({ err: error }, 'sweep failed; retrying at the next interval');
    }
  };
  const tick = () => {
    if (stopped) return;
    running = sweep();
  };
  const timer = setInterval(tick, options.intervalMs);
  timer.unref();
  tick();
  return {
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
