import { Type } from 'typebox';
import { PageQuery, Paginated, type App } from '@joo/service-kit';
import type { CatalogContext } from '../context.js';
import { listEntitlements } from '../store/entitlements.js';
import { adminGrant, adminRevoke } from '../usecases/entitlements.js';
import { idCursor, isUuid, pageOf } from './pages.js';
import { Bilingual, bearer, IdParams, Instant, Nullable, PREFIX, problemsFor, Uuid } from './schemas.js';
import { entitlementView } from './views.js';

const Entitlement = Type.Object({
  id: Uuid,
  userId: Uuid,
  productId: Uuid,
  productVersion: Type.Integer(),
  product: Type.Object({ code: Type.String(), kind: Type.String(), title: Bilingual() }),
  orderId: Nullable(Type.String()),
  profileSubject: Nullable(Type.String()),
  validFrom: Instant,
  validUntil: Instant,
  courseUntil: Nullable(Type.String({ format: 'date-time', description: 'end of the course proper; from then until validUntil the bonus period: recorded lessons and test sets stay open, live lessons end' })),
  state: Type.Enum(['active', 'upcoming', 'expired', 'revoked']),
  grantedBy: Type.Enum(['payment', 'admin']),
  revokedReason: Nullable(Type.Enum(['refund', 'admin', 'erased'])),
  revokedAt: Nullable(Instant),
  createdAt: Instant,
});

const GrantBody = Type.Object({
  userId: Uuid,
  productId: Uuid,
  profileSubject: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 100 }))),
  validFrom: Type.Optional(Instant),
  validUntil: Type.Optional(Instant),
}, { additionalProperties: false });

const RevokeBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500, description: 'why, for the audit trail' }) }, { additionalProperties: false });

export function entitlementRoutes(app: App, ctx: CatalogContext): void {
  const admin = { preHandler: app.requireRole('admin') };

  app.get(`${PREFIX}/me/entitlements`, {
    preHandler: app.authenticate,
    schema: {
      operationId: 'catalogListMyEntitlements',
      tags: ['catalog'], summary: 'What you may use, from when until when', security: bearer, querystring: Type.Object(PageQuery),
      response: { 200: Paginated(Entitlement), ...problemsFor(400, 401) },
    },
  }, async (request) => {
    const limit = request.query.limit ?? 20;
    const before = idCursor(request.query.cursor);
    if (!isUuid(request.user.sub)) return { items: [], nextCursor: null };
    const rows = await listEntitlements(ctx.pool, { userId: request.user.sub, limit: limit + 1, ...(before ? { before } : {}) });
    const now = ctx.clock();
    return pageOf(rows, limit, (e) => entitlementView(e, now));
  });

  app.get(`${PREFIX}/admin/entitlements`, {
    ...admin,
    schema: {
      operationId: 'catalogAdminListEntitlements',
      tags: ['catalog-admin'], summary: "Entitlements, newest first; one user's with ?userId=", security: bearer,
      querystring: Type.Object({ ...PageQuery, userId: Type.Optional(Uuid) }),
      response: { 200: Paginated(Entitlement), ...problemsFor(400, 401, 403) },
    },
  }, async (request) => {
    const limit = request.query.limit ?? 20;
    const before = idCursor(request.query.cursor);
    const rows = await listEntitlements(ctx.pool, { userId: request.query.userId ?? null, limit: limit + 1, ...(before ? { before } : {}) });
    const now = ctx.clock();
    return pageOf(rows, limit, (e) => entitlementView(e, now));
  });

  app.post(`${PREFIX}/admin/entitlements`, {
    ...admin,
    schema: {
      operationId: 'catalogAdminGrantEntitlement',
      tags: ['catalog-admin'], summary: "Grant a product without an order; the window defaults to the product's terms from now",
      security: bearer, body: GrantBody, response: { 201: Entitlement, ...problemsFor(400, 401, 403, 422) },
    },
  }, async (request, reply) => {
    const b = request.body;
    const e = await adminGrant(ctx, {
      userId: b.userId, productId: b.productId, profileSubject: b.profileSubject ?? null,
      ...(b.validFrom ? { validFrom: new Date(b.validFrom) } : {}), ...(b.validUntil ? { validUntil: new Date(b.validUntil) } : {}),
    });
    return reply.code(201).send(entitlementView(e, ctx.clock()));
  });

  app.post(`${PREFIX}/admin/entitlements/:id/revoke`, {
    ...admin,
    schema: {
      operationId: 'catalogAdminRevokeEntitlement',
      tags: ['catalog-admin'], summary: 'End an entitlement now', security: bearer, params: IdParams, body: RevokeBody,
      response: { 200: Entitlement, ...problemsFor(400, 401, 403, 404, 409) },
    },
  }, async (request) => entitlementView(await adminRevoke(ctx, request.params.id, request.body.reason), ctx.clock()));
}
