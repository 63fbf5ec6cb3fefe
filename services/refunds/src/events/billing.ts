/**
 * Billing's facts refunds assesses from (payment time and amount, the snapshotted price), and the
 * payout that closes an application.
 */
import { eventRouter } from '@joo/bus';
import { OrderCreated, PaymentSucceeded, RefundPaid, RefundReturned } from '@joo/contracts';
import { markPaid } from '../store/applications.js';
import { insertPayment, upsertOrder } from '../store/facts.js';
import { markPayoutReturned } from '../store/payouts.js';

export const billingRoutes = eventRouter()
  .on(OrderCreated, async (d, _event, tx) => {
    await upsertOrder(tx, {
      id: d.orderId, userId: d.userId, productId: d.productId, productVersion: d.productVersion, price: d.amount, currency: d.currency,
      createdAt: new Date(d.createdAt),
    });
  })
  .on(PaymentSucceeded, async (d, _event, tx) => {
    await insertPayment(tx, {
      id: d.paymentId, orderId: d.orderId, userId: d.userId, productId: d.productId, productVersion: d.productVersion,
      amount: d.amount, currency: d.currency, paidAt: new Date(d.paidAt),
    });
  })
  .on(RefundPaid, async (d, _event, tx) => {
    // Billing only pays what refunds approved; a paid notice for anything else changes nothing.
    await markPaid(tx, d.applicationId, { at: new Date(d.paidAt), providerRefundId: d.providerRefundId });
  })
  .on(RefundReturned, async (d, _event, tx) => {
    // The bank sent the transfer back: the student is asked (notifications) to correct the details.
    await markPayoutReturned(tx, d.applicationId, { at: new Date(d.returnedAt), reason: d.reasonCode });
  });
