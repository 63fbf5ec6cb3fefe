import { eventRouter, type EventRouter } from '@joo/bus';
import { ContestDrawn, ContestLaunched, PaymentSucceeded, RefundApproved, UserErased } from '@joo/contracts';
import type { CatalogContext } from '../context.js';
import { drawNews, launchNews } from '../domain/contest-news.js';
import { eraseUser, grantForPayment, grantOutcome, paymentGrantStatement, revokeForRefund } from '../usecases/entitlements.js';
import { newsFromEvent } from '../usecases/news.js';

type Ctx = Pick<CatalogContext, 'pool' | 'clock' | 'metrics' | 'subjects' | 'versionTerms' | 'onOutboxWrite'>;
interface Log { info(obj: object, msg: string): void; warn(obj: object, msg: string): void }

/**
 * Catalog's handlers of other services' events. The router checks each event against its
 * contract: a bad event is retried and then dead-lettered, never half-applied.
 */
export function catalogRoutes(ctx: Ctx, log: Log): EventRouter {
  return eventRouter()
    // billing.payment.succeeded → the order's entitlement. Batches of payments go in one round trip
    // each as the statement grantForPayment runs; the handler remains the fallback.
    .on(PaymentSucceeded, async (data, _event, tx) => {
      const outcome = await grantForPayment(ctx, tx, data, ctx.clock());
      log.info({ orderId: data.orderId, userId: data.userId, outcome }, 'payment handled');
    }, {
      statement: (data) => paymentGrantStatement(ctx, ctx.pool, data, ctx.clock()),
      onStatementResult: (data, result) => {
        log.info({ orderId: data.orderId, userId: data.userId, outcome: grantOutcome(ctx, result) }, 'payment handled');
      },
    })
    // refunds.refund.approved → the order's entitlement ends.
    .on(RefundApproved, async (data, _event, tx) => {
      const outcome = await revokeForRefund(ctx, tx, data, ctx.clock());
      log.info({ orderId: data.orderId, outcome }, 'refund handled');
    })
    // contests.contest.launched / drawn → news (offer 10.4).
    .on(ContestLaunched, async (data, _event, tx) => {
      await newsFromEvent(tx, launchNews(data), { source: 'contests', id: data.contestId, kind: 'launched' }, ctx.clock());
    })
    .on(ContestDrawn, async (data, _event, tx) => {
      await newsFromEvent(tx, drawNews(data), { source: 'contests', id: data.contestId, kind: 'drawn' }, ctx.clock());
    })
    // identity.user.erased → live entitlements end; nothing of the person but the id stays.
    .on(UserErased, async (data, _event, tx) => {
      const revoked = await eraseUser(ctx, tx, data.userId, ctx.clock());
      log.info({ userId: data.userId, revoked }, 'user erased');
    });
}
