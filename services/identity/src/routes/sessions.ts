import { Type } from 'typebox';
import type { App } from '@joo/service-kit';
import type { IdentityContext } from '../context.js';
import { listSessions, revokeOwnSession } from '../usecases/sessions.js';
import { bearer, Empty, IdParams, PREFIX, problemsFor, Uuid } from './schemas.js';

const SessionItem = Type.Object({
  sessionId: Uuid,
  name: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  lastSeenAt: Type.String({ format: 'date-time' }),
  current: Type.Boolean({ description: 'the session of the token that asked' }),
});

export function sessionRoutes(app: App, ctx: IdentityContext): void {
  app.get(`${PREFIX}/sessions`, {
    preHandler: app.authenticate,
    schema: {
      operationId: 'identityListSessions',
      tags: ['identity'], summary: 'Your active sessions (devices), most recently used first', security: bearer,
      response: { 200: Type.Object({ items: Type.Array(SessionItem) }), ...problemsFor(401) },
    },
  }, async (request) => ({ items: await listSessions(ctx, request.user.sub, request.user.sid) }));

  app.delete(`${PREFIX}/sessions/:id`, {
    preHandler: app.authenticate,
    schema: {
      operationId: 'identityRevokeSession',
      tags: ['identity'], summary: 'Sign out one of your devices', security: bearer, params: IdParams,
      response: { 204: Empty, ...problemsFor(400, 401, 404) },
    },
  }, async (request, reply) => {
    await revokeOwnSession(ctx, request.user.sub, request.params.id);
    return reply.code(204).send(null);
  });
}
