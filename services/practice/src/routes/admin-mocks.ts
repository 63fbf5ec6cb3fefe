import { Type } from 'typebox';
import { ADMIN_TAG, type App } from '@joo/service-kit';
import type { PracticeContext } from '../context.js';
import type { AcceptDecision } from '../usecases/appeals.js';
import { acceptAppeal, listAppealsForAdmin, rejectAppeal } from '../usecases/appeals.js';
import { addAdminWindow } from '../usecases/windows.js';
import { AppealDecision, AppealView } from './mock-schemas.js';
import { AnswerSchema, bearer, IdParams, PREFIX, problemsFor, Uuid } from './schemas.js';

export function adminMockRoutes(app: App, ctx: PracticeContext): void {
  const admins = { onRequest: app.requireRole('admin') };
  const tags = ['practice', ADMIN_TAG.name];

  app.post(`${PREFIX}/admin/windows`, {
    ...admins,
    schema: {
      operationId: 'practiceAdminCreateWindow',
      tags, summary: 'Add a mock window: 30 minutes to 7 days, closing in the future, overlapping no other window (409 window-overlaps)',
      security: bearer,
      body: Type.Object({ opensAt: Type.String({ format: 'date-time' }), closesAt: Type.String({ format: 'date-time' }) }, { additionalProperties: false }),
      response: { 201: Type.Object({ id: Uuid }), ...problemsFor(400, 401, 403, 409) },
    },
  }, async (request, reply) => reply.code(201).send(await addAdminWindow(ctx, request.user.sub, {
    opensAt: new Date(request.body.opensAt), closesAt: new Date(request.body.closesAt),
  })));

  app.get(`${PREFIX}/admin/appeals`, {
    ...admins,
    schema: {
      operationId: 'practiceAdminListAppeals',
      tags, summary: 'Appeals, pending first, oldest first', security: bearer,
      querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })) }, { additionalProperties: false }),
      response: { 200: Type.Object({ items: Type.Array(AppealView) }), ...problemsFor(400, 401, 403) },
    },
  }, async (request) => listAppealsForAdmin(ctx, request.query.limit ?? 100));

  app.post(`${PREFIX}/admin/appeals/:id/accept`, {
    ...admins,
    schema: {
      operationId: 'practiceAdminAcceptAppeal',
      tags, summary: 'Accept an appeal: a corrected key for the question version ({answer}) or annul it ({annul: true}: everyone gets its points); every attempt that had the version is re-scored',
      security: bearer, params: IdParams,
      body: Type.Union([
        Type.Object({ answer: AnswerSchema }, { additionalProperties: false }),
        Type.Object({ annul: Type.Literal(true) }, { additionalProperties: false }),
      ]),
      response: { 200: AppealDecision, ...problemsFor(400, 401, 403, 404, 409, 422) },
    },
  }, async (request) => acceptAppeal(ctx, request.user.sub, request.params.id, request.body as AcceptDecision));

  app.post(`${PREFIX}/admin/appeals/:id/reject`, {
    ...admins,
    schema: {
      operationId: 'practiceAdminRejectAppeal',
      tags, summary: 'Reject an appeal with a reason', security: bearer, params: IdParams,
      body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 2000, pattern: '\\S' }) }, { additionalProperties: false }),
      response: { 200: AppealDecision, ...problemsFor(400, 401, 403, 404, 409) },
    },
  }, async (request) => rejectAppeal(ctx, request.user.sub, request.params.id, request.body.reason));
}
