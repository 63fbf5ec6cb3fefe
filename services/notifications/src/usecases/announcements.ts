import type { NotificationsContext } from '../context.js';
import { formatDate } from '../domain/format.js';
import { LOCALES, render, type Locale } from '../domain/templates.js';
import { upcomingShutdowns } from '../store/broadcasts.js';
import { templateOf } from '../template-store.js';

export interface Announcement {
  id: string;
  kind: 'shutdown';
  /** the announced instant */
  at: string;
  /** the same as an Almaty date, DD.MM.YYYY, as the texts give it */
  date: string;
  title: Record<Locale, string>;
  text: Record<Locale, string>;
  announcedAt: string;
}

/**
 * Offer 2.8: the notice of a shutdown is placed on the site's home page, with its date. The texts
 * are the e-mail's of the shutdown_notice template, so the page and the message say the same.
 */
export async function currentAnnouncements(ctx: NotificationsContext): Promise<Announcement[]> {
  const template = templateOf(ctx.templates, 'shutdown_notice');
  const shutdowns = await upcomingShutdowns(ctx.pool, ctx.clock());
  return shutdowns.map((b) => {
    const at = b.content!.shutdownAt!;
    const title = {} as Record<Locale, string>;
    const text = {} as Record<Locale, string>;
    for (const locale of LOCALES) {
      const rendered = render(template, 'email', locale, { date: formatDate(at), message: b.content!.message![locale] })!;
      title[locale] = rendered.subject!;
      text[locale] = rendered.body;
    }
    return { id: b.id, kind: 'shutdown', at: new Date(at).toISOString(), date: formatDate(at), title, text, announcedAt: b.createdAt.toISOString() };
  });
}
