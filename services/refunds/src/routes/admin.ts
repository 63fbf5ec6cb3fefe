import { Type } from 'typebox';
import { PageQuery, Paginated, problemsFor, type App } from '@joo/service-kit';
import type { RefundsContext } from '../context.js';
import { approveApplication, rejectApplication } from '../usecases/decide.js';
import { getApplicationForAdmin, listForAdmin } from '../usecases/queries.js';
import { AdminApplicationView, bearer, IdParams, PREFIX, StatusSchema } from './schemas.js';

export function adminRoutes(app: App, ctx: RefundsContext): void {
  const admin = app.requireRole('admin');

  app.get(`${PREFIX}/admin/applications`, {
    preHandler: admin,
    schema: {
      operationId: 'refundsAdminListApplications',
      tags: ['refunds admin'], summary: 'Refund applications, oldest first (the review queue)', security: bearer,
      querystring: Type.Object({ status: Type.Optional(StatusSchema), ...PageQuery }),
      response: { 200: Paginated(AdminApplicationView), ...problemsFor(400, 401, 403) },
    },
  }, async (request) => listForAdmin(ctx, request.query.status, request.query.limit ?? 20, request.query.cursor));

  app.get(`${PREFIX}/admin/applications/:id`, {
    preHandler: admin,
    schema: {
      operationId: 'refundsAdminGetApplication',
      tags: ['refunds admin'], summary: 'One refund application', security: bearer, params: IdParams,
      response: { 200: AdminApplicationView, ...problemsFor(400, 401, 403, 404) },
    },
  }, async (request) => getApplicationForAdmin(ctx, request.params.id));

  app.post(`${PREFIX}/admin/applications/:id/approve`, {
    // The body is optional: no body approves the assessed amount.
    preValidation: async (request) => { request.body ??= {}; },
    preHandler: admin,
    schema: {
      operationId: 'refundsAdminApproveApplication',
      tags: ['refunds admin'], summary: 'Approve: billing pays the amount back and catalog ends the access (offer 14.7)', security: bearer,
      params: IdParams,
      body: Type.Object({
        amount: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000_000_000, description: 'tiyn; default the assessed amount; required under other grounds (rule manual)' })),
        method: Type.Optional(Type.Enum(['bank-transfer', 'card'], {
          description: 'bank-transfer (default): to the account of the application (offer 14.7), in billing\'s daily pain.001 batch; card: back through the payment provider',
        })),
        reason: Type.Optional(Type.String({ minLength: 3, maxLength: 500, pattern: '\\S', description: 'why this method (recorded; expected when choosing card)' })),
      }, { additionalProperties: false }),
      response: { 200: AdminApplicationView, ...problemsFor(400, 401, 403, 404, 409, 422) },
    },
  }, async (request) => approveApplication(ctx, request.user.sub, request.params.id, request.body.amount, {
    method: request.body.method ?? 'bank-transfer', ...(request.body.reason ? { reason: request.body.reason.trim() } : {}),
  }));

  app.post(`${PREFIX}/admin/applications/:id/reject`, {
    preHandler: admin,
    schema: {
      operationId: 'refundsAdminRejectApplication',
      tags: ['refunds admin'], summary: 'Reject, with the reason the student is told (offer 14.7)', security: bearer,
      params: IdParams,
      body: Type.Object({ reason: Type.String({ minLength: 3, maxLength: 2000, pattern: '\\S' }) }, { additionalProperties: false }),
      response: { 200: AdminApplicationView, ...problemsFor(400, 401, 403, 404, 409) },
    },
  }, async (request) => rejectApplication(ctx, request.user.sub, request.params.id, request.body.reason.trim()));
}
