import { randomUUID } from 'node:crypto';
import { DeliveryFailed } from '@joo/contracts';
import type { Queryable } from '@joo/db';
import { emit, write, type NotificationsContext } from '../context.js';
import { retryDelayMs, type SendOutcome } from '../domain/delivery.js';
import { earliestSend } from '../domain/quiet-hours.js';
import type { Outgoing, Senders } from '../providers/types.js';
import { claimDue, recordAcceptedBatch, recordFinal, recordRetry, type Claimed } from '../store/deliveries.js';
import { logDelivery } from '../store/messages.js';

export interface DeliveryOptions {
  concurrency: number;
  maxAttempts: number;
  retryBaseMs: number;
  retryMaxMs: number;
  pollMs: number;
  leaseMs: number;
}

export interface DeliveryHooks {
  /** Runs between a provider's answer and its record: tests throw here to play a crash mid-send. */
  afterSend?: (message: Claimed, outcome: SendOutcome) => Promise<void> | void;
  /** Extra work each round before claiming (the broadcast expander). */
  beforeRound?: () => Promise<unknown>;
}

export interface DeliveryWorker {
  wake(): void;
  /** One round: claims up to `batch` (the concurrency) due messages and settles them; returns how many. */
  runOnce(batch?: number): Promise<number>;
  stop(): Promise<void>;
}

/** Rounds run side by side when the worker runs by itself. */
const LANES = 4;

interface Log { info(o: object, m: string): void; warn(o: object, m: string): void; error(o: object, m: string): void }

/**
 * Sends queued messages after their commit. Rows are claimed with FOR UPDATE SKIP LOCKED and a
 * lease, sent concurrently, and each outcome recorded under the claim token. A message whose
 * previous attempt has an unknown outcome (a timeout, or a sender that died between the provider's
 * answer and the record) is looked up at the provider by its id before it is sent again, so it
 * goes out at most once.
 */
export function startDeliveryWorker(
  ctx: NotificationsContext, senders: Senders, options: DeliveryOptions, log: Log, hooks: DeliveryHooks = {}, autostart = true,
): DeliveryWorker {
  let stopping = false;
  const sleepers = new Set<() => void>();
  let woken = false;

  const failFinal = async (tx: Queryable, m: Claimed, now: Date, reason: string) => {
    if (!(await recordFinal(tx, m, now, 'failed', reason))) return;
    await emit(tx, DeliveryFailed, m.id, {
      messageId: m.id, userId: m.userId, channel: m.channel, template: m.template, reason, failedAt: now.toISOString(),
    }, now);
    ctx.metrics.message(m.channel, 'failed');
  };

  /** Records a failed attempt or lookup: retried with back-off, or final. */
  const settleFailure = (m: Claimed, outcome: Exclude<SendOutcome, { kind: 'accepted' }>, what: 'attempt' | 'lookup') => write(ctx, async (tx) => {
    const now = ctx.clock();
    const httpStatus = 'httpStatus' in outcome ? outcome.httpStatus : null;
    await logDelivery(tx, { messageId: m.id, at: now, what, outcome: outcome.kind, httpStatus, detail: outcome.detail });
    if (what === 'attempt') ctx.metrics.failure(m.channel);
    if (outcome.kind === 'final') {
      log.warn({ messageId: m.id, channel: m.channel, httpStatus, detail: outcome.detail }, 'provider refused the message; not retried');
      await failFinal(tx, m, now, outcome.detail);
    } else if (m.attempts >= options.maxAttempts) {
      log.warn({ messageId: m.id, channel: m.channel, attempts: m.attempts, detail: outcome.detail }, 'delivery attempts used up');
      await failFinal(tx, m, now, `attempts used up: ${outcome.detail}`);
    } else {
      const at = earliestSend(m.channel, m.kind, new Date(now.getTime() + retryDelayMs(m.attempts, options.retryBaseMs, options.retryMaxMs)));
      await recordRetry(tx, m, now, at, outcome.kind === 'in-doubt', outcome.detail);
    }
  });

  type Accepted = { m: Claimed; providerId: string; providerStatus: string; what: 'attempt' | 'lookup' };

  /** Sends (or first looks up) one message; failures are recorded here, acceptances returned for one batched record. */
  const deliver = async (m: Claimed): Promise<Accepted | null> => {
    const sender = senders[m.channel];
    if (!m.address || !m.body) {
      await write(ctx, (tx) => recordFinal(tx, m, ctx.clock(), 'cancelled', 'no address or text (erased)'));
      return null;
    }
    const outgoing: Outgoing = { id: m.id, channel: m.channel, address: m.address, locale: m.locale, subject: m.subject, body: m.body, firstAttemptAt: m.firstAttemptAt };
    if (m.checkFirst) {
      let found;
      try {
        found = await sender.find(outgoing);
      } catch (error) {
        await settleFailure(m, { kind: 'in-doubt', detail: `lookup failed: ${(error as Error).message}`.slice(0, 500) }, 'lookup');
        return null;
      }
      if (found) return { m, providerId: found.providerId, providerStatus: found.providerStatus, what: 'lookup' };
    }
    const outcome = await sender.send(outgoing);
    await hooks.afterSend?.(m, outcome);
    if (outcome.kind !== 'accepted') {
      await settleFailure(m, outcome, 'attempt');
      return null;
    }
    return { m, providerId: outcome.providerId, providerStatus: outcome.providerStatus, what: 'attempt' };
  };

  const runOnce = async (batch = options.concurrency): Promise<number> => {
    await hooks.beforeRound?.();
    const claimed = await claimDue(ctx.pool, ctx.clock(), batch, options.leaseMs, randomUUID());
    const results = await Promise.allSettled(claimed.map(deliver));
    const accepted: Accepted[] = [];
    for (const [i, r] of results.entries()) {
      if (r.status === 'fulfilled' && r.value) accepted.push(r.value);
      // The lease runs out and the message is looked up and retried by a later round.
      if (r.status === 'rejected') log.error({ messageId: claimed[i]!.id, err: String(r.reason) }, 'delivery failed unexpectedly');
    }
    // One transaction records the round's acceptances: a crash before it commits is the case the lookup covers.
    const recorded = await write(ctx, (tx) => recordAcceptedBatch(tx, ctx.clock(), accepted));
    for (const a of accepted) if (recorded.has(a.m.id)) ctx.metrics.message(a.m.channel, 'sent');
    return claimed.length;
  };

  const idle = () => new Promise<void>((resolve) => {
    if (woken || stopping) {
      woken = false;
      resolve();
      return;
    }
    const done = () => { clearTimeout(timer); sleepers.delete(done); resolve(); };
    const timer = setTimeout(done, options.pollMs);
    sleepers.add(done);
  });

  // A round waits for its slowest send: several lanes, each with its share of the concurrency,
  // keep the providers busy while one lane records or waits.
  const lanes = Math.min(LANES, options.concurrency);
  const lane = async (batch: number) => {
    while (!stopping) {
      try {
        if ((await runOnce(batch)) > 0) continue;
      } catch (error) {
        log.error({ err: String(error) }, 'delivery round failed');
      }
      await idle();
    }
  };
  const loop = autostart
    ? Promise.all(Array.from({ length: lanes }, (_, i) => lane(Math.floor(options.concurrency / lanes) + (i < options.concurrency % lanes ? 1 : 0))))
    : Promise.resolve();

  return {
    wake() {
      woken = true;
      for (const wake of [...sleepers]) wake();
    },
    runOnce,
    async stop() {
      stopping = true;
      for (const wake of [...sleepers]) wake();
      await loop;
    },
  };
}
