/**
 * Events published by billing (stream JOO_BILLING, subjects joo.billing.>). Subject of every billing
 * event is the order id.
 */
import { Type } from 'typebox';
import { Currency, Instant, Tiyn } from './common.js';
import { defineEvent } from './envelope.js';

/** billing.order.created.v1 — a student placed an order; the price is snapshotted on it. */
export const OrderCreated = defineEvent('billing', 'billing.order.created.v1', Type.Object({
  orderId: Type.String(),
  userId: Type.String(),
  productId: Type.String(),
  productVersion: Type.Integer(),
  amount: Tiyn,
  currency: Currency,
  profileSubject: Type.Union([Type.String(), Type.Null()]),
  createdAt: Instant,
}));

/**
 * billing.payment.succeeded.v1 — the provider confirmed a payment whose amount and currency match
 * the order. Consumers: catalog (grants the entitlement), refunds (payment facts), notifications.
 */
export const PaymentSucceeded = defineEvent('billing', 'billing.payment.succeeded.v1', Type.Object({
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

/** billing.payment.failed.v1 — the payment was declined or cancelled. Consumers: notifications. */
export const PaymentFailed = defineEvent('billing', 'billing.payment.failed.v1', Type.Object({
  paymentId: Type.String(),
  orderId: Type.String(),
  userId: Type.String(),
  provider: Type.String(),
  reason: Type.String(),
  failedAt: Instant,
}));

/**
 * billing.refund.paid.v1 — the provider paid an approved refund back. Consumers: refunds (marks the
 * application paid), notifications.
 */
export const RefundPaid = defineEvent('billing', 'billing.refund.paid.v1', Type.Object({
  applicationId: Type.String(),
  orderId: Type.String(),
  userId: Type.String(),
  amount: Tiyn,
  currency: Currency,
  provider: Type.String(),
  providerRefundId: Type.String(),
  paidAt: Instant,
}));

export const billingEvents = [OrderCreated, PaymentSucceeded, PaymentFailed, RefundPaid] as const;
