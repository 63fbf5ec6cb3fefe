import { Type } from 'typebox';
import type { App } from '@joo/service-kit';
import type { IdentityContext } from '../context.js';
import { ROLES } from '../domain/roles.js';
import { setUserRoles } from '../usecases/roles.js';
import { bearer, IdParams, PREFIX, problemsFor, Uuid } from './schemas.js';

const Role = Type.Union([Type.Literal('student'), Type.Literal('admin'), Type.Literal('curator'), Type.Literal('author')]);

export function roleRoutes(app: App, ctx: IdentityContext): void {
  app.put(`${PREFIX}/admin/users/:id/roles`, {
    preHandler: app.requireRole('admin'),
    schema: {
      operationId: 'identityAdminSetUserRoles',
      tags: ['identity', 'admin'], security: bearer, params: IdParams,
      summary: 'Give and take roles (student, admin, curator, author); the next access token of the user carries them',
      body: Type.Object({ roles: Type.Array(Role, { minItems: 1, maxItems: ROLES.length, uniqueItems: true }) }, { additionalProperties: false }),
      response: { 200: Type.Object({ id: Uuid, roles: Type.Array(Type.String()) }), ...problemsFor(400, 401, 403, 404, 409) },
    },
  }, async (request) => setUserRoles(ctx, request.user.sub, request.params.id, request.body.roles));
}
