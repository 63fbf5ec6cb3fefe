import { Type } from 'typebox';
import { problems, type App } from '@joo/service-kit';
import type { NotificationsContext } from '../context.js';
import { messageWithLog } from '../store/messages.js';
import { broadcastProgress, createBroadcast, createShutdownNotice } from '../usecases/broadcasts.js';
import { bearer, BroadcastBody, BroadcastView, Channel, PREFIX, problemsFor, ShutdownBody, Uuid } from './schemas.js';

const IdParams = Type.Object({ id: Uuid });

const MessageLog = Type.Object({
  id: Uuid, userId: Type.Union([Type.String(), Type.Null()]), channel: Channel, template: Type.String(), kind: Type.String(),
  status: Type.String(), attempts: Type.Integer(), providerId: Type.Union([Type.String(), Type.Null()]),
  providerStatus: Type.Union([Type.String(), Type.Null()]), lastError: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  log: Type.Array(Type.Object({
    at: Type.String({ format: 'date-time' }), what: Type.String(), outcome: Type.String(),
    httpStatus: Type.Union([Type.Integer(), Type.Null()]), providerId: Type.Union([Type.String(), Type.Null()]), detail: Type.Union([Type.String(), Type.Null()]),
  })),
});

export function adminRoutes(app: App, ctx: NotificationsContext): void {
  const admin = { preHandler: app.requireRole('admin') };

  app.post(`${PREFIX}/admin/broadcasts`, {
    ...admin,
    schema: {
      operationId: 'notificationsAdminCreateBroadcast',
      tags: ['notifications'], summary: 'Send a marketing broadcast (only to users who agreed, per channel)', security: bearer,
      body: BroadcastBody, response: { 202: BroadcastView, ...problemsFor(400, 401, 403, 422) },
    },
  }, async (request, reply) => {
    const b = await createBroadcast(ctx, request.user.sub, request.body);
    return reply.code(202).send(await broadcastProgress(ctx, b.id));
  });

  app.get(`${PREFIX}/admin/broadcasts/:id`, {
    ...admin,
    schema: {
      operationId: 'notificationsAdminGetBroadcast',
      tags: ['notifications'], summary: 'A broadcast and its progress', security: bearer,
      params: IdParams, response: { 200: BroadcastView, ...problemsFor(400, 401, 403, 404) },
    },
  }, async (request) => broadcastProgress(ctx, request.params.id));

  app.post(`${PREFIX}/admin/shutdown-notices`, {
    ...admin,
    schema: {
      operationId: 'notificationsAdminSendShutdownNotice',
      tags: ['notifications'], summary: 'Tell every user that the portal stops (offer 2.8: at least 5 calendar days ahead)', security: bearer,
      body: ShutdownBody, response: { 202: BroadcastView, ...problemsFor(400, 401, 403, 422) },
    },
  }, async (request, reply) => {
    const b = await createShutdownNotice(ctx, request.user.sub, request.body);
    return reply.code(202).send(await broadcastProgress(ctx, b.id));
  });

  app.get(`${PREFIX}/admin/messages/:id`, {
    ...admin,
    schema: {
      operationId: 'notificationsAdminGetMessage',
      tags: ['notifications'], summary: 'A message and its delivery log (attempts, lookups, provider callbacks)', security: bearer,
      params: IdParams, response: { 200: MessageLog, ...problemsFor(400, 401, 403, 404) },
    },
  }, async (request) => {
    const message = await messageWithLog(ctx.pool, request.params.id);
    if (!message) throw problems.notFound('No such message');
    return message;
  });
}
