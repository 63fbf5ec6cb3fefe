import { Type } from 'typebox';
import { Paginated, PageQuery, type App } from '@joo/service-kit';
import type { IdentityContext } from '../context.js';
import { listUsers, reinstate, suspend } from '../usecases/admin.js';
import { publishOffer } from '../usecases/offers.js';
import { bearer, Bilingual, IdParams, PREFIX, problemsFor, Uuid } from './schemas.js';

const AdminUser = Type.Object({
  id: Uuid,
  fullName: Type.Union([Type.String(), Type.Null()]),
  email: Type.Union([Type.String(), Type.Null()]),
  phone: Type.Union([Type.String(), Type.Null()]),
  region: Type.Union([Type.String(), Type.Null()]),
  status: Type.String(),
  roles: Type.Array(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
});

export function adminRoutes(app: App, ctx: IdentityContext): void {
  const admin = { preHandler: app.requireRole('admin') };

  app.get(`${PREFIX}/admin/users`, {
    ...admin,
    schema: {
      operationId: 'identityAdminListUsers',
      tags: ['identity', 'admin'], summary: 'Find users by name, e-mail or phone', security: bearer,
      querystring: Type.Object({ q: Type.Optional(Type.String({ maxLength: 200 })), ...PageQuery }, { additionalProperties: false }),
      response: { 200: Paginated(AdminUser), ...problemsFor(400, 401, 403) },
    },
  }, async (request) => listUsers(ctx, {
    limit: request.query.limit ?? 20,
    ...(request.query.q ? { q: request.query.q } : {}),
    ...(request.query.cursor ? { cursor: request.query.cursor } : {}),
  }));

  app.post(`${PREFIX}/admin/users/:id/suspend`, {
    ...admin,
    schema: {
      operationId: 'identityAdminSuspendUser',
      tags: ['identity', 'admin'], summary: 'Suspend a user and sign out all their devices', security: bearer, params: IdParams,
      body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 1000, pattern: '\\S' }) }, { additionalProperties: false }),
      response: { 200: AdminUser, ...problemsFor(400, 401, 403, 404, 409) },
    },
  }, async (request) => suspend(ctx, request.user.sub, request.params.id, request.body.reason.trim()));

  app.post(`${PREFIX}/admin/users/:id/reinstate`, {
    ...admin,
    schema: {
      operationId: 'identityAdminReinstateUser',
      tags: ['identity', 'admin'], summary: 'Lift a suspension', security: bearer, params: IdParams,
      response: { 200: AdminUser, ...problemsFor(400, 401, 403, 404, 409) },
    },
  }, async (request) => reinstate(ctx, request.params.id));

  app.post(`${PREFIX}/admin/offers`, {
    ...admin,
    schema: {
      operationId: 'identityAdminPublishOffer',
      tags: ['identity', 'admin'], summary: 'Publish a new version of the offer', security: bearer,
      body: Type.Object({
        text: Bilingual, summary: Type.Optional(Bilingual),
        effectiveAt: Type.Optional(Type.String({ format: 'date-time', description: 'when it takes effect (offer 2.6); default now; users are told at once' })),
      }, { additionalProperties: false }),
      response: { 201: Type.Object({ version: Type.Integer(), effectiveAt: Type.String({ format: 'date-time' }) }), ...problemsFor(400, 401, 403, 422) },
    },
  }, async (request, reply) => reply.code(201).send(await publishOffer(ctx, {
    text: request.body.text,
    ...(request.body.summary ? { summary: request.body.summary } : {}),
    ...(request.body.effectiveAt ? { effectiveAt: new Date(request.body.effectiveAt) } : {}),
  })));
}
