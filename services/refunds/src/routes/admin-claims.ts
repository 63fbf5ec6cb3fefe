import { Type } from 'typebox';
import { PageQuery, Paginated, problemsFor, type App } from '@joo/service-kit';
import type { RefundsContext } from '../context.js';
import { answerClaim, listClaimsForAdmin } from '../usecases/claims.js';
import { enterClaim } from '../usecases/entered-by-admin.js';
import { AdminClaimView, AnswerBody, ClaimFields, ClaimStatusSchema, ClaimView, EnteredBy, IdempotencyHeaders } from './claim-schemas.js';
import { replyOnce } from './optional-idempotency.js';
import { bearer, IdParams, PREFIX } from './schemas.js';

/** Admins' side of claims (offer §13): the queue, answers, and claims received by e-mail. */
export function adminClaimRoutes(app: App, ctx: RefundsContext): void {
  const admin = app.requireRole('admin');

  app.get(`${PREFIX}/admin/claims`, {
    preHandler: admin,
    schema: {
      operationId: 'refundsAdminListClaims',
      tags: ['refunds admin'], summary: 'Claims, oldest first, with overdue and the days left to answer (offer 13.2)', security: bearer,
      querystring: Type.Object({ status: Type.Optional(ClaimStatusSchema), ...PageQuery }),
      response: { 200: Paginated(AdminClaimView), ...problemsFor(400, 401, 403) },
    },
  }, async (request) => listClaimsForAdmin(ctx, request.query.status, request.query.limit ?? 20, request.query.cursor));

  app.post(`${PREFIX}/admin/claims`, {
    preHandler: admin,
    schema: {
      operationId: 'refundsAdminCreateClaim',
      tags: ['refunds admin'], summary: 'Enter a claim received by e-mail at info@joo.kz on the student\'s behalf; its deadline counts from receivedAt', security: bearer,
      headers: IdempotencyHeaders,
      body: Type.Object({ ...EnteredBy, ...ClaimFields }, { additionalProperties: false }),
      response: { 201: ClaimView, ...problemsFor(400, 401, 403, 404, 409, 422) },
    },
  }, async (request, reply) => replyOnce(request, reply, { pool: ctx.pool, scope: request.user.sub },
    async (tx) => ({ status: 201, body: await enterClaim(ctx, tx, request.user.sub, request.body) })));

  app.post(`${PREFIX}/admin/claims/:id/answer`, {
    preHandler: admin,
    schema: {
      operationId: 'refundsAdminAnswerClaim',
      tags: ['refunds admin'], summary: 'Answer a claim; the student gets the answer by e-mail. Once only', security: bearer,
      params: IdParams, body: AnswerBody,
      response: { 200: AdminClaimView, ...problemsFor(400, 401, 403, 404, 409) },
    },
  }, async (request) => answerClaim(ctx, request.user.sub, request.params.id, request.body.text.trim()));
}
