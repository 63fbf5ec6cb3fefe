import { localDate as almatyDate } from '@joo/calendar';
import { RefundPaid } from '@joo/contracts';
import { emit, write, type BillingContext } from '../context.js';
import { payoutRetryDelayMs } from '../domain/payout.js';
import { RefundFailed } from '../providers/types.js';
import { closeBatchesBefore } from '../store/batches.js';
import { addRefunded } from '../store/orders.js';
import { claimDuePayouts, expireStaleSends, markPayoutPaid, markPayoutRetry, markPayoutReview, type Payout } from '../store/payouts.js';

export interface PayoutWorker {
  /** Run now: a new payout was committed (call it after the commit). */
  wake(): void;
  /** One pass; resolves with how many payouts were attempted. */
  runOnce(): Promise<number>;
  stop(): Promise<void>;
}

interface Log { info(o: object, m: string): void; warn(o: object, m: string): void; error(o: object, m: string): void }

const LEASE_MS = 120_000;

/**
 * Pays approved card refunds through the order's provider, and closes the bank-transfer batches of past days. A payout is marked `sending` (committed)
 * before the provider is called: a definite refusal puts it back to `pending` with a growing delay;
 * an answer that leaves it unknown whether money moved (timeout, cut connection, a crash mid-call)
 * sends it to `review`, because paying twice is worse than paying late.
 */
export function startPayoutWorker(ctx: BillingContext, options: { intervalMs: number; log: Log }): PayoutWorker {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | null = null;
  let stopped = false;

  async function payOne(p: Payout): Promise<void> {
    const provider = ctx.providers.get(p.provider);
    try {
      if (!provider) throw new RefundFailed(`the provider ${p.provider} is not enabled`, false);
      const { providerRefundId } = await provider.refund({
        applicationId: p.applicationId, paymentId: p.paymentId, providerTransactionId: p.providerTransactionId, amount: p.amount, currency: 'KZT',
      });
      await write(ctx, async (tx) => {
        const now = ctx.clock();
        if (!(await markPayoutPaid(tx, p.applicationId, providerRefundId, now))) return;
        await addRefunded(tx, p.orderId, p.amount, now);
        await emit(tx, RefundPaid, p.orderId, {
          applicationId: p.applicationId, orderId: p.orderId, userId: p.userId, amount: p.amount, currency: 'KZT',
          provider: p.provider, providerRefundId, paidAt: now.toISOString(),
        }, now);
      });
      ctx.metrics.payouts.inc({ provider: p.provider, outcome: 'paid' });
    } catch (error) {
      const message = (error as Error).message;
      if (error instanceof RefundFailed && error.definite) {
        const retryAt = new Date(ctx.clock().getTime() + payoutRetryDelayMs(p.attempts));
        await markPayoutRetry(ctx.pool, p.applicationId, message, retryAt);
        ctx.metrics.payouts.inc({ provider: p.provider, outcome: 'retry' });
        options.log.warn({ applicationId: p.applicationId, attempts: p.attempts, retryAt, err: message }, 'refund payout failed; will retry');
      } else {
        await markPayoutReview(ctx.pool, p.applicationId, message);
        ctx.metrics.payouts.inc({ provider: p.provider, outcome: 'review' });
        options.log.error({ applicationId: p.applicationId, err: message }, 'refund payout outcome unknown; held for review');
      }
    }
  }

  async function pass(): Promise<number> {
    const now = ctx.clock();
    // Bank transfers: yesterday's batch (Almaty) closes, so its pain.001 can go to the bank.
    const closed = await closeBatchesBefore(ctx.pool, almatyDate(now), now);
    if (closed > 0) options.log.info({ closed }, 'refund transfer batches closed');
    const expired = await expireStaleSends(ctx.pool, now);
    if (expired > 0) options.log.error({ expired }, 'interrupted refund payouts held for review');
    let attempted = 0;
    for (;;) {
      const due = await claimDuePayouts(ctx.pool, ctx.clock(), LEASE_MS, 10);
      for (const p of due) await payOne(p);
      attempted += due.length;
      if (due.length < 10 || stopped) return attempted;
    }
  }

  function runOnce(): Promise<number> {
    running ??= pass().finally(() => { running = null; });
    return running;
  }

  /**
   * A pass looks for due payouts once and pays them one by one. A payout committed after it looked
   * would wait a whole interval if its wake-up joined that pass, so a wake-up that finds a pass
   * running waits for it and then runs one more.
   */
  async function tick(): Promise<void> {
    try {
      if (running) await running.catch(() => {});
      if (!stopped) await runOnce();
    } catch (error) {
      options.log.error({ err: (error as Error).message }, 'payout pass failed');
    } finally {
      schedule(options.intervalMs);
    }
  }

  function schedule(delayMs: number) {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(() => void tick(), delayMs);
    timer.unref?.();
  }
  schedule(options.intervalMs);

  return {
    wake: () => schedule(0),
    runOnce,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running?.catch(() => {});
    },
  };
}
