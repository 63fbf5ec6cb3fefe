/** Events published by billing (stream JOO_BILLING, subjects joo.billing.>). */
import { Type } from 'typebox';
import { Currency, Instant, Tiyn } from './common.js';
import { defineEvent } from './envelope.js';
import { RefundApplicationRef } from './refund-ref.js';

export const OrderCreated = defineEvent('billing', 'billing.order.created.v1', {
  description: 'A student placed an order; the price is snapshotted on it.',
  subject: 'orderId',
}, Type.Object({
  orderId: Type.String(),
  userId: Type.String(),
  productId: Type.String(),
  productVersion: Type.Integer(),
  amount: Tiyn,
  currency: Currency,
  profileSubject: Type.Union([Type.String(), Type.Null()]),
  createdAt: Instant,
}));

export const PaymentSucceeded = defineEvent('billing', 'billing.payment.succeeded.v1', {
  description: 'The provider confirmed a payment whose amount and currency match the order.',
  subject: 'orderId',
}, Type.Object({
  paymentId: Type.String(),
  orderId: Type.String(),
  userId: Type.String(),
  productId: Type.String(),
  productVersion: Type.Integer(),
  profileSubject: Type.Union([Type.String(), Type.Null()]),
  amount: Tiyn,
  currency: Currency,
  provider: Type.String(),
  paidAt: Instant,
}));

export const PaymentFailed = defineEvent('billing', 'billing.payment.failed.v1', {
  description: 'The provider declined or cancelled the payment of an order.',
  subject: 'orderId',
}, Type.Object({
  paymentId: Type.String(),
  orderId: Type.String(),
  userId: Type.String(),
  provider: Type.String(),
  reason: Type.String(),
  failedAt: Instant,
}));

export const RefundPaid = defineEvent('billing', 'billing.refund.paid.v1', {
  description: 'An approved refund was paid back: by the provider (card) or by bank transfer (provider `bank-transfer`, providerRefundId the bank\'s reference from its statement).',
  subject: 'orderId',
}, Type.Object({
  ...RefundApplicationRef,
  amount: Tiyn,
  currency: Currency,
  provider: Type.String(),
  providerRefundId: Type.String(),
  paidAt: Instant,
}));

export const RefundReturned = defineEvent('billing', 'billing.refund.returned.v1', {
  description: 'The bank returned a refund transfer (wrong account and the like, per its statement): the payout waits for the student to correct the bank details.',
  subject: 'orderId',
}, Type.Object({
  ...RefundApplicationRef,
  amount: Tiyn,
  currency: Currency,
  reasonCode: Type.String({ description: 'ISO 20022 return reason (ExternalReturnReason1Code), e.g. AC01 wrong account number, AC04 closed account' }),
  returnedAt: Instant,
}));

export const billingEvents = [OrderCreated, PaymentSucceeded, PaymentFailed, RefundPaid, RefundReturned] as const;
