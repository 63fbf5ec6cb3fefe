import type { PracticeContext } from '../context.js';
import { finishOverdueAttempts, rescoreQueued } from '../usecases/mock-sweeps.js';
import { announceOpenedWindows } from '../usecases/windows.js';

interface TickLog {
  info(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/**
 * Every intervalMs (and at once, and when woken): announce windows that opened, finish attempts
 * past their deadline, re-score attempts an accepted appeal queued. All of it is claimed in the
 * database (SKIP LOCKED, announced_at), so any number of replicas may tick. stop() waits for a tick in progress.
 */
export function startMockTicker(ctx: PracticeContext, options: { intervalMs: number; log: TickLog }): { stop: () => Promise<void>; wake: () => void } {
  let running: Promise<void> = Promise.resolve();
  let busy = false;
  let again = false;
  let stopped = false;
  const tick = async () => {
    try {
      const now = ctx.clock();
      const announced = await announceOpenedWindows(ctx, now);
      const finished = await finishOverdueAttempts(ctx, now);
      const rescored = await rescoreQueued(ctx, now);
      if (announced + finished + rescored > 0) options.log.info({ announced, finished, rescored }, 'mock ticker did work');
    } catch (error) {
      options.log.error({ err: error }, 'mock tick failed; retrying at the next interval');
    }
  };
  const run = () => {
    if (stopped) return;
    if (busy) { again = true; return; }
    busy = true;
    running = tick().finally(() => {
      busy = false;
      if (again) { again = false; run(); }
    });
  };
  const timer = setInterval(run, options.intervalMs);
  timer.unref();
  run();
  return {
    wake: run,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
