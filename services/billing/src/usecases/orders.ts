import { randomUUID } from 'node:crypto';
import { uuidv7 } from 'uuidv7';
import { OrderCreated } from '@joo/contracts';
import type { Queryable } from '@joo/db';
import { problems, ProblemError, decodeTimeIdCursor, timeIdPage } from '@joo/service-kit';
import { emit, type BillingContext } from '../context.js';
import { ORDER_NOTICES, type OfferNotice } from '../domain/notices.js';
import { priceOrder, REFUSAL_TEXT, type OrderRequest } from '../domain/pricing.js';
import { findProduct } from '../store/products.js';
import { findOrder, insertOrder, listUserOrders, type Order } from '../store/orders.js';
import { insertPayment } from '../store/payments.js';

export interface OrderView {
  orderId: string;
  amount: number;
  currency: 'KZT';
  paymentUrl: string;
  status: Order['status'];
  paymentMethod: string;
  paymentStatus: Order['paymentStatus'];
  productId: string;
  productVersion: number;
  productCode: string;
  productTitle: { kk: string; ru: string };
  profileSubject: string | null;
  refundedAmount: number;
  createdAt: string;
  paidAt: string | null;
  notices: OfferNotice[];
}

export function orderView(o: Order): OrderView {
  return {
    orderId: o.id, amount: o.amount, currency: o.currency, paymentUrl: o.paymentUrl, status: o.status, paymentMethod: o.provider,
    paymentStatus: o.paymentStatus, productId: o.productId, productVersion: o.productVersion, productCode: o.productCode,
    productTitle: o.productTitle, profileSubject: o.profileSubject, refundedAmount: o.refundedAmount,
    createdAt: o.createdAt.toISOString(), paidAt: o.paidAt?.toISOString() ?? null,
    notices: [...ORDER_NOTICES],
  };
}

/**
 * Places an order inside the idempotency transaction: prices it from the product's current version,
 * creates the payment with the provider, and writes order.created to the outbox, all or nothing.
 */
export async function createOrder(
  ctx: BillingContext, tx: Queryable, userId: string, request: OrderRequest & { paymentMethod?: string },
): Promise<OrderView> {
  if (ctx.providers.list.length === 0) {
    throw new ProblemError(503, 'no-payment-methods', 'Service unavailable', 'No payment method is enabled on this installation (PAYMENT_PROVIDERS)');
  }
  const provider = request.paymentMethod ? ctx.providers.get(request.paymentMethod) : ctx.providers.list[0];
  if (!provider) {
    throw problems.unprocessable('payment-method-unavailable', `The payment method "${request.paymentMethod}" is not offered`, {
      errors: [{ field: '/paymentMethod', message: `one of ${ctx.providers.list.map((p) => p.name).join(', ')}` }],
    });
  }
  const product = await findProduct(tx, request.productId);
  const priced = priceOrder(product, request);
  if (!priced.ok) {
    const field = {
      'terms-not-accepted': '/acceptTerms', 'profile-subject-required': '/profileSubject', 'unknown-profile-subject': '/profileSubject',
    }[priced.reason as string] ?? '/productId';
    throw problems.unprocessable(priced.reason, REFUSAL_TEXT[priced.reason], { errors: [{ field, message: REFUSAL_TEXT[priced.reason] }] });
  }
  const now = ctx.clock();
  const orderId = uuidv7();
  // The payment id is in the public sandbox URL and the provider's InvoiceId: random, not time-ordered.
  const paymentId = randomUUID();
  await insertOrder(tx, {
    id: orderId, userId, productId: priced.productId, productVersion: priced.productVersion, productCode: product!.code,
    productTitle: product!.title, amount: priced.amount, profileSubject: priced.profileSubject, provider: provider.name, now,
  });
  let created;
  try {
    created = await provider.createPayment({
      paymentId, orderId, userId, amount: priced.amount, currency: 'KZT', description: `joo.kz: ${product!.title.ru} (${orderId})`,
    });
  } catch (error) {
    throw new ProblemError(502, 'payment-provider-unavailable', 'Bad gateway',
      `The payment provider could not take the order now; try again shortly (${(error as Error).message})`);
  }
  await insertPayment(tx, { id: paymentId, orderId, provider: provider.name, amount: priced.amount, providerPaymentId: created.providerPaymentId, paymentUrl: created.paymentUrl, now });
  await emit(tx, OrderCreated, orderId, {
    orderId, userId, productId: priced.productId, productVersion: priced.productVersion, amount: priced.amount, currency: 'KZT',
    profileSubject: priced.profileSubject, createdAt: now.toISOString(),
  }, now);
  const order = await findOrder(tx, orderId);
  return orderView(order!);
}

/** The order, for its owner or an admin; anyone else is told it does not exist. */
export async function getOrder(ctx: BillingContext, caller: { sub: string; roles: string[] }, orderId: string): Promise<OrderView> {
  const order = await findOrder(ctx.pool, orderId);
  if (!order || (order.userId !== caller.sub && !caller.roles.includes('admin'))) throw problems.notFound('There is no such order');
  return orderView(order);
}

export async function listMyOrders(
  ctx: BillingContext, userId: string, limit: number, cursor: string | undefined,
): Promise<{ items: OrderView[]; nextCursor: string | null }> {
  const key = decodeTimeIdCursor(cursor);
  const rows = await listUserOrders(ctx.pool, userId, limit + 1, key && { createdAt: key.at, id: key.id });
  return timeIdPage(rows, limit, (o) => [o.createdAt, o.id], orderView);
}
