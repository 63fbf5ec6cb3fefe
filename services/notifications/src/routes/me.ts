import { Type } from 'typebox';
import { decodeTimeIdCursor, PageQuery, Paginated, problems, timeIdPage, type App } from '@joo/service-kit';
import type { NotificationsContext } from '../context.js';
import { markRead } from '../store/inbox.js';
import { listUserMessages } from '../store/messages.js';
import { bearer, MyMessage, PREFIX, problemsFor, Uuid } from './schemas.js';

export function meRoutes(app: App, ctx: NotificationsContext): void {
  app.get(`${PREFIX}/me`, {
    preHandler: app.authenticate,
    schema: {
      operationId: 'notificationsListMyMessages',
      tags: ['notifications'],
      summary: 'Your inbox: your messages, newest first, as they were sent (status inbox: kept only here, without your cross-border consent)',
      security: bearer,
      querystring: Type.Object(PageQuery),
      response: { 200: Paginated(MyMessage), ...problemsFor(400, 401) },
    },
  }, async (request) => {
    const limit = request.query.limit ?? 20;
    const key = decodeTimeIdCursor(request.query.cursor);
    const items = await listUserMessages(ctx.pool, request.user.sub, limit + 1, key && [key.at, key.id]);
    return timeIdPage(items, limit, (m) => [m.createdAt, m.id], (m) => m);
  });

  app.post(`${PREFIX}/me/:id/read`, {
    preHandler: app.authenticate,
    schema: {
      operationId: 'notificationsMarkMyMessageRead',
      tags: ['notifications'], summary: 'Mark one of your messages read (again: no change)', security: bearer,
      params: Type.Object({ id: Uuid }),
      response: { 204: Type.Null({ description: 'marked' }), ...problemsFor(400, 401, 404) },
    },
  }, async (request, reply) => {
    if (!(await markRead(ctx.pool, request.user.sub, request.params.id, ctx.clock()))) throw problems.notFound('No such message of yours');
    return reply.code(204).send(null);
  });
}
