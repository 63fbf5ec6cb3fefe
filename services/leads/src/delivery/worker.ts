import { performance } from 'node:perf_hooks';
import { Webhook } from 'standardwebhooks';
import { write, type LeadsContext } from '../context.js';
import { webhookBody } from '../domain/payload.js';
import { retryDelayMs } from '../domain/retry-schedule.js';
import {
  cancelDelivery, claimDue, findDelivery, markDeliveryDone, markDeliveryRetry, nextDueAt, recordAttempt,
} from '../store/deliveries.js';
import { findLead } from '../store/leads.js';
import { findPartner } from '../store/partners.js';
import { handOver } from '../usecases/hand-over.js';
import { signingSecrets } from '../usecases/partners.js';
import { partnerView } from '../usecases/views.js';
import { sendWebhook } from './sender.js';

export interface WorkerDeps {
  ctx: LeadsContext;
  timeoutMs: number;
  concurrency: number;
  log: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
  /** [0, 1): the retry jitter; tests pass () => 0.5 for the nominal schedule */
  random?: () => number;
}

export const USER_AGENT = 'joo-leads-webhooks/1 (+https://joo.kz/docs/partners)';

/** Standard Webhooks headers; one `v1,` signature per live secret (old and new during a rotation). */
export function signedHeaders(msgId: string, at: Date, body: string, secrets: string[]): Record<string, string> {
  const signature = secrets.map((s) => new Webhook(s).sign(msgId, at, body)).join(' ');
  return {
    'content-type': 'application/json', 'user-agent': USER_AGENT,
    'webhook-id': msgId, 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)), 'webhook-signature': signature,
  };
}

async function attempt(deps: WorkerDeps, claimed: { id: string; attempts: number }): Promise<void> {
  const { ctx } = deps;
  const delivery = await findDelivery(ctx.pool, claimed.id);
  if (!delivery || delivery.status !== 'pending') return;
  const [lead, partner] = await Promise.all([findLead(ctx.pool, delivery.leadId), findPartner(ctx.pool, delivery.partnerId)]);
  if (!lead || lead.pseudonymised) return cancelDelivery(ctx.pool, delivery.id, 'the student\'s data was erased');
  if (!partner || partner.disabled || !partner.webhookUrl) return cancelDelivery(ctx.pool, delivery.id, 'the partner takes no webhooks any more');

  const startedAt = ctx.clock();
  const body = webhookBody(partnerView(lead), startedAt);
  const headers = signedHeaders(delivery.id, startedAt, body, await signingSecrets(ctx, partner.id, startedAt));
  const t0 = performance.now();
  const result = await sendWebhook({
    url: partner.webhookUrl, headers, body, timeoutMs: deps.timeoutMs, allowPrivate: ctx.allowPrivateWebhooks, resolveHost: ctx.resolveHost,
  });
  const durationMs = Math.round(performance.now() - t0);
  const now = ctx.clock();
  const attemptNo = claimed.attempts + 1;

  await write(ctx, async (tx) => {
    // The lead may have been erased while the request was in flight: it still counts as sent.
    await recordAttempt(tx, { deliveryId: delivery.id, attempt: attemptNo, startedAt, durationMs, statusCode: result.statusCode, error: result.error });
    if (result.ok) {
      await markDeliveryDone(tx, delivery.id, attemptNo, result.statusCode!, now);
      await handOver(tx, partner, lead, 'webhook', now);
      return;
    }
    const delay = retryDelayMs(attemptNo, (deps.random ?? Math.random)());
    await markDeliveryRetry(tx, delivery.id, attemptNo, {
      statusCode: result.statusCode, error: result.error, next: delay === null ? null : new Date(now.getTime() + delay), now,
    });
  });
  // Every partner's failure series starts at zero, so increase() sees its first failure.
  ctx.metrics.deliveryFailures.inc({ partner: partner.id }, 0);
  if (result.ok) {
    ctx.metrics.deliverySeconds.observe({ partner: partner.id }, Math.max(0, now.getTime() - Date.parse(lead.createdAt)) / 1000);
  } else {
    ctx.metrics.deliveryFailures.inc({ partner: partner.id });
    deps.log.warn({ deliveryId: delivery.id, partnerId: partner.id, attempt: attemptNo, statusCode: result.statusCode, error: result.error }, 'webhook delivery failed');
  }
}

const LEASE_MARGIN_MS = 30_000;

function attemptSafely(deps: WorkerDeps, claimed: { id: string; attempts: number }): Promise<void> {
  return attempt(deps, claimed).catch((error: unknown) => {
    deps.log.error({ err: error, deliveryId: claimed.id }, 'webhook delivery crashed; retried after the lease');
  });
}

/** One pass: every delivery due at the clock's now gets one attempt. Returns how many were tried. */
export async function deliverDue(deps: WorkerDeps): Promise<number> {
  const { ctx } = deps;
  let total = 0;
  for (;;) {
    const now = ctx.clock();
    const claimed = await claimDue(ctx.pool, now, new Date(now.getTime() + deps.timeoutMs + LEASE_MARGIN_MS), deps.concurrency);
    if (claimed.length === 0) return total;
    await Promise.all(claimed.map((c) => attemptSafely(deps, c)));
    total += claimed.length;
  }
}

export interface DeliveryWorker {
  wake(): void;
  stop(): Promise<void>;
}

/**
 * Keeps up to `concurrency` attempts in flight, each slot refilled as soon as it frees: a slow
 * partner (up to the timeout) holds one slot, never the others' leads. Woken when a lead is created,
 * when an attempt ends, when the earliest pending attempt falls due, and every `pollIntervalMs`
 * as a fallback (another replica made a delivery due).
 */
export function startDeliveryWorker(deps: WorkerDeps & { pollIntervalMs: number }): DeliveryWorker {
  const { ctx } = deps;
  const inFlight = new Set<Promise<void>>();
  let stopped = false;
  let claiming: Promise<void> | null = null;
  let again = false;
  let timer: NodeJS.Timeout | undefined;

  const schedule = async () => {
    const due = await nextDueAt(ctx.pool).catch(() => null);
    if (stopped) return;
    const wait = due ? Math.max(0, Math.min(deps.pollIntervalMs, due.getTime() - ctx.clock().getTime())) : deps.pollIntervalMs;
    clearTimeout(timer);
    timer = setTimeout(wake, wait);
  };
  const fill = async () => {
    do {
      again = false;
      while (!stopped && inFlight.size < deps.concurrency) {
        const now = ctx.clock();
        const claimed = await claimDue(ctx.pool, now, new Date(now.getTime() + deps.timeoutMs + LEASE_MARGIN_MS), deps.concurrency - inFlight.size);
        if (claimed.length === 0) break;
        for (const c of claimed) {
          const running: Promise<void> = attemptSafely(deps, c).finally(() => {
            inFlight.delete(running);
            wake();
          });
          inFlight.add(running);
        }
      }
    } while (again && !stopped);
    await schedule();
  };
  function wake(): void {
    if (stopped) return;
    if (claiming) {
      again = true;
      return;
    }
    claiming = fill()
      .catch((error: unknown) => deps.log.error({ err: error }, 'claiming deliveries failed'))
      .finally(() => {
        claiming = null;
        if (again) wake(); // woken while scheduling: go round again
      });
  }
  wake();
  return {
    wake,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await claiming;
      await Promise.allSettled([...inFlight]);
    },
  };
}
