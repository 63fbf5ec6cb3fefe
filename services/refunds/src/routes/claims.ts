import { Type } from 'typebox';
import { PageQuery, Paginated, problemsFor, type App } from '@joo/service-kit';
import type { RefundsContext } from '../context.js';
import { fileClaim, getClaim, listMyClaims } from '../usecases/claims.js';
import { replyOnce } from './optional-idempotency.js';
import { AdminClaimView, ClaimFields, ClaimView, IdempotencyHeaders } from './claim-schemas.js';
import { bearer, IdParams, PREFIX } from './schemas.js';

/** A student's claims (offer §13): always from a signed-in user, never anonymous (13.1). */
export function claimRoutes(app: App, ctx: RefundsContext): void {
  app.post(`${PREFIX}/claims`, {
    preHandler: app.authenticate,
    schema: {
      operationId: 'refundsCreateClaim',
      tags: ['refunds claims'], summary: 'File a claim (offer §13); answered within 90 calendar days. an Idempotency-Key makes a retry file nothing twice', security: bearer,
      headers: IdempotencyHeaders,
      body: Type.Object(ClaimFields, { additionalProperties: false }),
      response: { 201: ClaimView, ...problemsFor(400, 401, 404, 409, 422) },
    },
  }, async (request, reply) => replyOnce(request, reply, { pool: ctx.pool, scope: request.user.sub }, async (tx) => {
    const origin = { userId: request.user.sub, receivedAt: ctx.clock(), channel: 'platform' as const, enteredBy: null };
    return { status: 201, body: await fileClaim(ctx, tx, origin, request.body) };
  }));

  app.get(`${PREFIX}/me/claims`, {
    preHandler: app.authenticate,
    schema: {
      operationId: 'refundsListMyClaims',
      tags: ['refunds claims'], summary: 'Your claims, newest first, with their answers', security: bearer, querystring: Type.Object(PageQuery),
      response: { 200: Paginated(ClaimView), ...problemsFor(400, 401) },
    },
  }, async (request) => listMyClaims(ctx, request.user.sub, request.query.limit ?? 20, request.query.cursor));

  app.get(`${PREFIX}/claims/:id`, {
    preHandler: app.authenticate,
    schema: {
      operationId: 'refundsGetClaim',
      tags: ['refunds claims'], summary: 'One claim: your own, or any for an admin (who also sees the deadline)', security: bearer, params: IdParams,
      response: { 200: Type.Union([AdminClaimView, ClaimView]), ...problemsFor(400, 401, 404) },
    },
  }, async (request) => getClaim(ctx, request.user, request.params.id));
}
