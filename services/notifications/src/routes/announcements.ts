import { Type } from 'typebox';
import type { App } from '@joo/service-kit';
import type { NotificationsContext } from '../context.js';
import { currentAnnouncements } from '../usecases/announcements.js';
import { Bilingual, PREFIX, Uuid } from './schemas.js';

const Announcement = Type.Object({
  id: Uuid,
  kind: Type.Literal('shutdown'),
  at: Type.String({ format: 'date-time', description: 'when the portal stops' }),
  date: Type.String({ description: 'that day in Almaty, DD.MM.YYYY' }),
  title: Bilingual(200),
  text: Bilingual(5000),
  announcedAt: Type.String({ format: 'date-time' }),
});

/** Public: what the site's home page shows (offer 2.8). */
export function announcementRoutes(app: App, ctx: NotificationsContext): void {
  app.get(`${PREFIX}/announcements`, {
    schema: {
      operationId: 'notificationsListAnnouncements', security: [],
      tags: ['notifications'], summary: 'Announced shutdowns not yet passed, soonest first, in kk and ru, for the home page (offer 2.8)',
      response: { 200: Type.Object({ items: Type.Array(Announcement) }) },
    },
  }, async (_request, reply) => {
    // Every visitor of the home page asks: a minute in shared caches is fresh enough for a 5-day notice.
    reply.header('cache-control', 'public, max-age=60');
    return { items: await currentAnnouncements(ctx) };
  });
}
