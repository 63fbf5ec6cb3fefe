import { assertEventData, type EventHandler } from '@joo/bus';
import { ContestDrawn, ContestLaunched, PaymentSucceeded, RefundApproved, UserErased, type Envelope, type EventData, type EventDefinition } from '@joo/contracts';
import type { Execution, QueryResult } from '@joo/db';
import type { CatalogContext } from '../context.js';
import { drawNews, launchNews } from '../domain/contest-news.js';
import { eraseUser, grantForPayment, grantOutcome, paymentGrantStatement, revokeForRefund } from '../usecases/entitlements.js';
import { newsFromEvent } from '../usecases/news.js';

type Ctx = Pick<CatalogContext, 'pool' | 'clock' | 'metrics' | 'subjects' | 'versionTerms' | 'onOutboxWrite'>;
interface Log { info(obj: object, msg: string): void; warn(obj: object, msg: string): void }

/** Event data checked against the contract; a bad event is retried and then dead-lettered, never half-applied. */
function dataOf<D extends EventDefinition>(def: D, data: unknown): EventData<D> {
  assertEventData(def, data);
  return data as EventData<D>;
}

/** billing.payment.succeeded → the order's entitlement. */
export function paymentHandler(ctx: Ctx, log: Log): EventHandler {
  return async (event, tx) => {
    const data = dataOf(PaymentSucceeded, event.data);
    const outcome = await grantForPayment(ctx, tx, data, ctx.clock());
    log.info({ orderId: data.orderId, userId: data.userId, outcome }, 'payment handled');
  };
}

/**
 * paymentHandler as the statement it runs and what follows its result, for the consumer to send
 * batches of payments in one round trip each (statementOf); paymentHandler remains the fallback.
 */
export function paymentStatement(ctx: Ctx, log: Log): { statementOf: (event: Envelope) => Promise<Execution>; onStatementResult: (event: Envelope, result: QueryResult) => void } {
  return {
    statementOf: (event) => paymentGrantStatement(ctx, ctx.pool, dataOf(PaymentSucceeded, event.data), ctx.clock()),
    onStatementResult: (event, result) => {
      const data = event.data as EventData<typeof PaymentSucceeded>;
      log.info({ orderId: data.orderId, userId: data.userId, outcome: grantOutcome(ctx, result) }, 'payment handled');
    },
  };
}

/** refunds.refund.approved → the order's entitlement ends. */
export function refundHandler(ctx: Ctx, log: Log): EventHandler {
  return async (event, tx) => {
    const data = dataOf(RefundApproved, event.data);
    const outcome = await revokeForRefund(ctx, tx, data, ctx.clock());
    log.info({ orderId: data.orderId, outcome }, 'refund handled');
  };
}

/** contests.contest.launched / drawn → news (offer 10.4). */
export function contestHandler(ctx: Ctx): EventHandler {
  return async (event, tx) => {
    if (event.type === ContestLaunched.type) {
      const data = dataOf(ContestLaunched, event.data);
      await newsFromEvent(tx, launchNews(data), { source: 'contests', id: data.contestId, kind: 'launched' }, ctx.clock());
    } else if (event.type === ContestDrawn.type) {
      const data = dataOf(ContestDrawn, event.data);
      await newsFromEvent(tx, drawNews(data), { source: 'contests', id: data.contestId, kind: 'drawn' }, ctx.clock());
    }
  };
}

/** identity.user.erased → live entitlements end; nothing of the person but the id stays. */
export function erasureHandler(ctx: Ctx, log: Log): EventHandler {
  return async (event, tx) => {
    const data = dataOf(UserErased, event.data);
    const revoked = await eraseUser(ctx, tx, data.userId, ctx.clock());
    log.info({ userId: data.userId, revoked }, 'user erased');
  };
}
