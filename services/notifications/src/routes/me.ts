import { Type } from 'typebox';
import { decodeTimeIdCursor, PageQuery, Paginated, timeIdPage, type App } from '@joo/service-kit';
import type { NotificationsContext } from '../context.js';
import { listUserMessages } from '../store/messages.js';
import { bearer, MyMessage, PREFIX, problemsFor } from './schemas.js';

export function meRoutes(app: App, ctx: NotificationsContext): void {
  app.get(`${PREFIX}/me`, {
    preHandler: app.authenticate,
    schema: {
      operationId: 'notificationsListMyMessages',
      tags: ['notifications'], summary: 'Your messages, newest first, as they were sent', security: bearer,
      querystring: Type.Object(PageQuery),
      response: { 200: Paginated(MyMessage), ...problemsFor(400, 401) },
    },
  }, async (request) => {
    const limit = request.query.limit ?? 20;
    const key = decodeTimeIdCursor(request.query.cursor);
    const items = await listUserMessages(ctx.pool, request.user.sub, limit + 1, key && [key.at, key.id]);
    return timeIdPage(items, limit, (m) => [m.createdAt, m.id], (m) => m);
  });
}
