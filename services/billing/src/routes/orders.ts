import { Type } from 'typebox';
import { replyIdempotently } from '@joo/idempotency';
import { PageQuery, Paginated, type App } from '@joo/service-kit';
import type { BillingContext } from '../context.js';
import { createOrder, getOrder, listMyOrders, type OrderView as View } from '../usecases/orders.js';
import { bearer, IdParams, OrderView, PREFIX, problemsFor } from './schemas.js';

const OrderBody = Type.Object({
  productId: Type.String({ minLength: 1, maxLength: 100 }),
  profileSubject: Type.Optional(Type.Union([
    Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', maxLength: 100, description: 'the profile-subject pair, e.g. math-physics (offer 5.7)' }),
    Type.Null(),
  ])),
  acceptTerms: Type.Boolean({ description: 'must be true: the student accepts the offer for this purchase' }),
  paymentMethod: Type.Optional(Type.String({ minLength: 1, maxLength: 50, description: 'one of GET /v1/billing/payment-methods; default the first' })),
}, { additionalProperties: false });

export function orderRoutes(app: App, ctx: BillingContext): void {
  app.post(`${PREFIX}/orders`, {
    preHandler: app.authenticate,
    schema: {
      operationId: 'billingCreateOrder',
      tags: ['billing'], summary: 'Order a product; send an Idempotency-Key so that a retry places no second order', security: bearer,
      headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ description: '1–255 printable ASCII characters; a UUID works' })) }),
      body: OrderBody,
      response: { 201: OrderView, ...problemsFor(400, 401, 409, 422, 502, 503) },
    },
  }, async (request, reply) => {
    let created = false;
    const body = await replyIdempotently<View>(request, reply, { pool: ctx.pool, scope: request.user.sub }, async (tx) => {
      const order = await createOrder(ctx, tx, request.user.sub, request.body);
      created = true;
      return { status: 201, body: order };
    });
    if (created) {
      ctx.metrics.ordersCreated.inc();
      ctx.onOutboxWrite();
    }
    return body;
  });

  app.get(`${PREFIX}/orders/:id`, {
    preHandler: app.authenticate,
    schema: {
      operationId: 'billingGetOrder',
      tags: ['billing'], summary: 'One order: yours, or any for an admin', security: bearer, params: IdParams,
      response: { 200: OrderView, ...problemsFor(400, 401, 404) },
    },
  }, async (request) => getOrder(ctx, request.user, request.params.id));

  app.get(`${PREFIX}/me/orders`, {
    preHandler: app.authenticate,
    schema: {
      operationId: 'billingListMyOrders',
      tags: ['billing'], summary: 'Your orders, newest first', security: bearer, querystring: Type.Object(PageQuery),
      response: { 200: Paginated(OrderView), ...problemsFor(400, 401) },
    },
  }, async (request) => listMyOrders(ctx, request.user.sub, request.query.limit ?? 20, request.query.cursor));

  app.get(`${PREFIX}/payment-methods`, {
    schema: {
      operationId: 'billingListPaymentMethods', security: [],
      tags: ['billing'], summary: 'The payment methods offered (offer 4.5)',
      response: { 200: Type.Object({ items: Type.Array(Type.Object({ code: Type.String(), title: Type.Object({ kk: Type.String(), ru: Type.String() }) })) }) },
    },
  }, async () => ({ items: ctx.providers.list.map((p) => ({ code: p.name, title: p.title })) }));
}
