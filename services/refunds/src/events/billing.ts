/**
 * Billing's facts refunds assesses from (payment time and amount, the snapshotted price), and the
 * payout that closes an application.
 */
import type { EventHandler } from '@joo/bus';
import { OrderCreated, PaymentSucceeded, RefundPaid, type EventData } from '@joo/contracts';
import { markPaid } from '../store/applications.js';
import { insertPayment, upsertOrder } from '../store/facts.js';

export const BILLING_TYPES = [OrderCreated.type, PaymentSucceeded.type, RefundPaid.type];

export const handleBillingEvent: EventHandler = async (event, tx) => {
  switch (event.type) {
    case OrderCreated.type: {
      const d = event.data as EventData<typeof OrderCreated>;
      await upsertOrder(tx, {
        id: d.orderId, userId: d.userId, productId: d.productId, productVersion: d.productVersion, price: d.amount, currency: d.currency,
        createdAt: new Date(d.createdAt),
      });
      return;
    }
    case PaymentSucceeded.type: {
      const d = event.data as EventData<typeof PaymentSucceeded>;
      await insertPayment(tx, {
        id: d.paymentId, orderId: d.orderId, userId: d.userId, productId: d.productId, productVersion: d.productVersion,
        amount: d.amount, currency: d.currency, paidAt: new Date(d.paidAt),
      });
      return;
    }
    case RefundPaid.type: {
      const d = event.data as EventData<typeof RefundPaid>;
      // Billing only pays what refunds approved; a paid notice for anything else changes nothing.
      await markPaid(tx, d.applicationId, { at: new Date(d.paidAt), providerRefundId: d.providerRefundId });
      return;
    }
  }
};
