import { Type } from 'typebox';
import { decodeCursor, encodeCursor, PageQuery, Paginated, problems, type App } from '@joo/service-kit';
import type { NotificationsContext } from '../context.js';
import { listUserMessages } from '../store/messages.js';
import { bearer, MyMessage, PREFIX, problemsFor } from './schemas.js';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function meRoutes(app: App, ctx: NotificationsContext): void {
  app.get(`${PREFIX}/me`, {
    preHandler: app.authenticate,
    schema: {
      tags: ['notifications'], summary: 'Your messages, newest first, as they were sent', security: bearer,
      querystring: Type.Object(PageQuery),
      response: { 200: Paginated(MyMessage), ...problemsFor(400, 401) },
    },
  }, async (request) => {
    const limit = request.query.limit ?? 20;
    const key = decodeCursor(request.query.cursor, 2);
    if (key && !(typeof key[0] === 'string' && ISO.test(key[0]) && typeof key[1] === 'string' && UUID.test(key[1]))) {
      throw problems.badRequest('The cursor is not valid', [{ field: 'query/cursor', message: 'is not a cursor this API returned' }]);
    }
    const items = await listUserMessages(ctx.pool, request.user.sub, limit + 1, key as [string, string] | undefined);
    const page = items.slice(0, limit);
    const last = page[page.length - 1];
    return { items: page, nextCursor: items.length > limit && last ? encodeCursor([last.createdAt, last.id]) : null };
  });
}
