import { Type } from 'typebox';
import { PageQuery, Paginated, type App } from '@joo/service-kit';
import type { BillingContext } from '../context.js';
import { PAYOUT_STATUSES } from '../store/payouts.js';
import { ordersInStatus, payoutsInStatus } from '../usecases/admin.js';
import { bearer, OrderStatus, OrderView, PREFIX, problemsFor } from './schemas.js';

/** The statuses `GET /admin/payouts` has listed since it was published; its contract keeps them (docs/api). */
const FIRST_PAYOUT_STATUSES = ['pending', 'sending', 'paid', 'review'] as const;

const payoutView = (statuses: readonly string[]) => Type.Object({
  applicationId: Type.String(),
  orderId: Type.String(),
  userId: Type.String(),
  provider: Type.String(),
  amount: Type.Integer({ description: 'tiyn' }),
  currency: Type.String(),
  status: Type.Enum(statuses, {
    description: 'card: pending → sending → paid; bank transfer: pending → batched (in a pain.001 batch) → paid | returned (the bank sent it back: waits for corrected details) → pending; review: a person decides',
  }),
  method: Type.Enum(['card', 'bank-transfer'], { description: 'bank-transfer: to the account of the application (offer 14.7); card: back through the payment provider' }),
  returnReason: Type.Union([Type.String(), Type.Null()], { description: 'the bank\'s last return reason code (ISO 20022, e.g. AC01)' }),
  attempts: Type.Integer(),
  lastError: Type.Union([Type.String(), Type.Null()]),
  providerRefundId: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  paidAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  payoutDueBy: Type.Union([Type.String({ format: 'date' }), Type.Null()], {
    description: 'Asia/Almaty date by which the refund is to be paid (offer 14.7: 10 banking days after approval); null for payouts recorded before billing kept it',
  }),
});

/** What a person has to look at: orders held for a suspicious payment, payouts held for review. */
export function adminRoutes(app: App, ctx: BillingContext): void {
  const admin = { preHandler: app.requireRole('admin') };

  app.get(`${PREFIX}/admin/orders`, {
    ...admin,
    schema: {
      operationId: 'billingAdminListOrders',
      tags: ['billing'], summary: 'Orders in a status, newest first (on_hold: the provider reported another amount or currency)', security: bearer,
      querystring: Type.Object({ status: Type.Optional(OrderStatus), ...PageQuery }),
      response: { 200: Paginated(OrderView), ...problemsFor(400, 401, 403) },
    },
  }, async (request) => ordersInStatus(ctx, request.query.status ?? 'on_hold', request.query.limit ?? 20, request.query.cursor));

  app.get(`${PREFIX}/admin/payouts`, {
    ...admin,
    schema: {
      operationId: 'billingAdminListPayouts',
      tags: ['billing'], summary: 'Refund payouts in a status (review: unclear whether money moved, or not payable as approved); bank-transfer statuses: GET /admin/refund-payouts', security: bearer,
      querystring: Type.Object({ status: Type.Optional(Type.Enum(FIRST_PAYOUT_STATUSES)), ...PageQuery }),
      response: { 200: Paginated(payoutView(FIRST_PAYOUT_STATUSES)), ...problemsFor(400, 401, 403) },
    },
  }, async (request) => payoutsInStatus(ctx, request.query.status ?? 'review', request.query.limit ?? 20, request.query.cursor));

  // Every status, the bank transfer's `batched` and `returned` among them: a new operation, so that
  // clients of /admin/payouts never meet a status they were not built for.
  app.get(`${PREFIX}/admin/refund-payouts`, {
    ...admin,
    schema: {
      operationId: 'billingAdminListRefundPayouts',
      tags: ['billing'], summary: 'Refund payouts in any status, bank transfers included (returned: waits for the student\'s corrected details)', security: bearer,
      querystring: Type.Object({ status: Type.Optional(Type.Enum(PAYOUT_STATUSES)), ...PageQuery }),
      response: { 200: Paginated(payoutView(PAYOUT_STATUSES)), ...problemsFor(400, 401, 403) },
    },
  }, async (request) => payoutsInStatus(ctx, request.query.status ?? 'review', request.query.limit ?? 20, request.query.cursor));
}
