import { Type } from 'typebox';
import { problems, type App } from '@joo/service-kit';
import type { IdentityContext } from '../context.js';
import { scheduleErasure } from '../usecases/erasure-request.js';
import { warnUser } from '../usecases/warnings.js';
import { bearer, IdParams, PREFIX, problemsFor, Uuid } from './schemas.js';

const Reason = Type.String({ minLength: 1, maxLength: 1000, pattern: '\\S' });

/** How far back a request received by e-mail may be dated (older mail is a data-entry mistake). */
const MAX_RECEIVED_AGE_MS = 366 * 24 * 3600_000;

/** Admin actions of offer 7.1.3 (warnings) and 8.7 (erasure requests received by e-mail). */
export function restrictionRoutes(app: App, ctx: IdentityContext): void {
  const admin = { preHandler: app.requireRole('admin') };

  app.post(`${PREFIX}/admin/users/:id/warnings`, {
    ...admin,
    schema: {
      operationId: 'identityAdminWarnUser',
      tags: ['identity', 'admin'], security: bearer, params: IdParams,
      summary: 'Warn a user (offer 7.1.3): the reason is shown to them in GET /me and sent to them',
      body: Type.Object({ reason: Reason }, { additionalProperties: false }),
      response: {
        201: Type.Object({ id: Uuid, userId: Uuid, reason: Type.String(), issuedAt: Type.String({ format: 'date-time' }) }),
        ...problemsFor(400, 401, 403, 404),
      },
    },
  }, async (request, reply) => reply.code(201).send(await warnUser(ctx, request.user.sub, request.params.id, request.body.reason.trim())));

  app.post(`${PREFIX}/admin/users/:id/erasure-request`, {
    ...admin,
    schema: {
      operationId: 'identityAdminRequestErasure',
      tags: ['identity', 'admin'], security: bearer, params: IdParams,
      summary: 'Enter an erasure request the user sent by e-mail (offer 8.7); the deadline counts from receivedAt',
      body: Type.Object({
        userId: Type.Optional(Type.String({ format: 'uuid', description: 'if given, must be the id in the path' })),
        receivedAt: Type.String({ format: 'date-time', description: 'when the e-mail reached info@joo.kz' }),
        email: Type.Optional(Type.String({ format: 'email', maxLength: 254, description: 'where the notice goes; default: the account e-mail' })),
      }, { additionalProperties: false }),
      response: {
        202: Type.Object({ scheduledFor: Type.String({ format: 'date' }), receivedAt: Type.String({ format: 'date-time' }) }),
        ...problemsFor(400, 401, 403, 404),
      },
    },
  }, async (request, reply) => {
    const { userId, receivedAt, email } = request.body;
    if (userId !== undefined && userId !== request.params.id) {
      throw problems.badRequest('The body names another user than the path', [{ field: '/userId', message: 'must be the id in the path' }]);
    }
    const received = new Date(receivedAt);
    const now = ctx.clock();
    if (received > now) throw problems.badRequest('receivedAt is in the future', [{ field: '/receivedAt', message: 'must not be in the future' }]);
    if (now.getTime() - received.getTime() > MAX_RECEIVED_AGE_MS) {
      throw problems.badRequest('receivedAt is more than a year ago', [{ field: '/receivedAt', message: 'must be within the last year' }]);
    }
    const result = await scheduleErasure(ctx, {
      userId: request.params.id, receivedAt: received, enteredBy: request.user.sub, ...(email === undefined ? {} : { noticeEmail: email }),
    });
    return reply.code(202).send(result);
  });
}
