import { randomUUID } from 'node:crypto';
import { problems } from '@joo/service-kit';
import { write, type NotificationsContext } from '../context.js';
import type { Channel } from '../domain/quiet-hours.js';
import { formatDate } from '../domain/format.js';
import { earliestShutdownAt, shutdownNoticeInTime } from '../domain/shutdown.js';
import type { Locale, Template } from '../domain/templates.js';
import { broadcastCounts, claimDueBroadcast, findBroadcast, insertBroadcast, markExpanded, type Broadcast, type BroadcastContent } from '../store/broadcasts.js';
import { templateOf } from '../template-store.js';
import { planForAll } from './plan.js';

export interface BroadcastRequest {
  audience: { regions?: string[]; locales?: Locale[] };
  channels: Channel[];
  template?: string;
  subject?: Record<Locale, string>;
  body?: Record<Locale, string>;
  scheduleAt?: string;
}

/** A marketing broadcast: queued now, sent to the consenting audience from `scheduleAt` (default now). */
export async function createBroadcast(ctx: NotificationsContext, adminId: string, req: BroadcastRequest): Promise<Broadcast> {
  const now = ctx.clock();
  if ((req.template === undefined) === (req.body === undefined)) {
    throw problems.badRequest('Give either a template or a body per locale', [{ field: '/template', message: 'exactly one of template and body' }]);
  }
  if (req.template !== undefined && !ctx.templates.get(req.template)?.broadcast) {
    const names = [...ctx.templates.values()].filter((t) => t.broadcast).map((t) => t.name);
    throw problems.unprocessable('unknown-template', `No broadcast template ${req.template}; there are: ${names.join(', ')}`);
  }
  if (req.body && req.channels.includes('email') && !req.subject) {
    throw problems.badRequest('An e-mail needs a subject per locale', [{ field: '/subject', message: 'required when channels include email' }]);
  }
  const scheduleAt = req.scheduleAt ? new Date(req.scheduleAt) : now;
  const broadcast = {
    id: randomUUID(), kind: 'marketing' as const, audience: req.audience, channels: [...new Set(req.channels)], template: req.template ?? null,
    content: req.body ? { ...(req.subject ? { subject: req.subject } : {}), body: req.body } : null,
    scheduleAt, createdBy: adminId, createdAt: now,
  };
  await write(ctx, (tx) => insertBroadcast(tx, broadcast));
  ctx.onMessagesQueued();
  return { ...broadcast, status: 'scheduled', expandedAt: null, total: null };
}

/**
 * Offer 2.8: every user is told at least 5 × 24 hours before the portal stops (a transactional
 * notice), and the site shows it on its home page from GET /v1/notifications/announcements.
 */
export async function createShutdownNotice(ctx: NotificationsContext, adminId: string, req: { shutdownAt: string; message: Record<Locale, string> }): Promise<Broadcast> {
  const now = ctx.clock();
  const shutdownAt = new Date(req.shutdownAt);
  if (!shutdownNoticeInTime(now, shutdownAt)) {
    const earliest = earliestShutdownAt(now);
    throw problems.unprocessable('shutdown-too-soon', 'Users must be told at least 5 × 24 hours before the shutdown (offer 2.8)',
      { earliestShutdownAt: earliest.toISOString(), earliestShutdownDate: formatDate(earliest) });
  }
  const broadcast = {
    id: randomUUID(), kind: 'shutdown' as const, audience: {}, channels: ['email', 'sms'] as Channel[], template: 'shutdown_notice',
    content: { shutdownAt: req.shutdownAt, message: req.message }, scheduleAt: now, createdBy: adminId, createdAt: now,
  };
  await write(ctx, (tx) => insertBroadcast(tx, broadcast));
  ctx.onMessagesQueued();
  return { ...broadcast, status: 'scheduled', expandedAt: null, total: null };
}

const customTemplate = ({ subject = { kk: '-', ru: '-' }, body = { kk: '', ru: '' } }: BroadcastContent): Template => ({
  name: 'broadcast', kind: 'marketing',
  channels: {
    email: { kk: { subject: subject.kk, body: body.kk }, ru: { subject: subject.ru, body: body.ru } },
    sms: { kk: { body: body.kk }, ru: { body: body.ru } },
    voice: { kk: { body: body.kk }, ru: { body: body.ru } },
  },
});

/** An admin's own text is not a template: any `{{name}}` in it is left as written. */
const verbatim = new Proxy({}, { get: (_, name) => `{{${String(name)}}}` }) as Record<string, string>;

/**
 * Turns due broadcasts into messages, one broadcast per transaction (a single INSERT … SELECT per
 * channel).
 */
export async function expandDueBroadcasts(ctx: NotificationsContext): Promise<number> {
  let expanded = 0;
  for (;;) {
    const done = await write(ctx, async (tx) => {
      const b = await claimDueBroadcast(tx, ctx.clock());
      if (!b) return false;
      const shutdown = b.kind === 'shutdown';
      const template = shutdown ? templateOf(ctx.templates, 'shutdown_notice') : b.template ? templateOf(ctx.templates, b.template) : customTemplate(b.content!);
      const total = await planForAll(tx, ctx, {
        keyPrefix: `broadcast:${b.id}:`, template, channels: b.channels, regions: b.audience.regions ?? null, locales: b.audience.locales ?? null,
        at: b.scheduleAt, broadcastId: b.id,
        vars: (l) => (shutdown ? { date: formatDate(b.content!.shutdownAt!), message: b.content!.message![l] } : b.template ? {} : verbatim),
      });
      await markExpanded(tx, b.id, total, ctx.clock());
      return true;
    });
    if (!done) return expanded;
    expanded += 1;
    ctx.onMessagesQueued();
  }
}

export async function broadcastProgress(ctx: NotificationsContext, id: string) {
  const b = await findBroadcast(ctx.pool, id);
  if (!b) throw problems.notFound('No such broadcast');
  const counts = await broadcastCounts(ctx.pool, id);
  return {
    id: b.id, kind: b.kind, status: b.status, audience: b.audience, channels: b.channels, template: b.template,
    scheduleAt: b.scheduleAt.toISOString(), createdAt: b.createdAt.toISOString(), expandedAt: b.expandedAt?.toISOString() ?? null,
    total: b.total, counts,
  };
}
