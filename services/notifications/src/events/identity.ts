import type { EventRouter } from '@joo/bus';
import {
  ConsentChanged, OfferPublished, SessionRevoked, SessionStarted, UserErased, UserErasureScheduled, UserProfileUpdated, UserRegistered,
} from '@joo/contracts';
import type { NotificationsContext } from '../context.js';
import { formatDate, formatDateTime } from '../domain/format.js';
import type { Locale } from '../domain/templates.js';
import { eraseUserMessages } from '../store/messages.js';
import { moveWaitingToInbox } from '../store/inbox.js';
import { eraseRecipient, upsertConsents, upsertContacts } from '../store/recipients.js';
import { templateOf } from '../template-store.js';
import { planForAll, planForUser } from './../usecases/plan.js';

const REVOKED_REASON: Record<string, { kk: string; ru: string } | null> = {
  logout: null, offer_refused: null, erased: null,
  evicted: { ru: 'вход с четвёртого устройства', kk: 'төртінші құрылғыдан кіру' },
  revoked_by_user: { ru: 'сеанс завершён из настроек аккаунта', kk: 'сеанс аккаунт баптауларынан аяқталды' },
  refresh_reuse: { ru: 'повторное использование токена — возможна кража сеанса', kk: 'токен қайта пайдаланылды — сеанс ұрлануы мүмкін' },
  suspended: { ru: 'аккаунт приостановлен', kk: 'аккаунт тоқтатылды' },
};

/** Adds the routes of identity's events to `router`. */
export function routeIdentityEvents(router: EventRouter, ctx: NotificationsContext): EventRouter {
  return router
    .on(UserRegistered, async (d, event, tx) => {
      const at = new Date(d.registeredAt);
      await upsertContacts(tx, d.userId, d, at);
      await upsertConsents(tx, d.userId, d.consents, at);
      await planForUser(tx, ctx, { eventId: event.id, userId: d.userId, template: 'welcome', vars: () => ({ name: d.fullName }) });
    })
    .on(UserProfileUpdated, async (d, _event, tx) => {
      await upsertContacts(tx, d.userId, d, new Date(d.updatedAt));
    })
    .on(ConsentChanged, async (d, _event, tx) => {
      if (!(await upsertConsents(tx, d.userId, d.consents, new Date(d.changedAt)))) return; // an older change than the one applied
      // Offer 3.7: without the cross-border consent nothing more goes to the providers; what waits stays in the inbox.
      if (!d.consents.crossBorderTransfer) await moveWaitingToInbox(tx, d.userId, ctx.clock());
      // Marketing already queued for a channel the user has now refused does not go.
      const refused = [!d.consents.marketingEmail && 'email', !d.consents.marketingSms && 'sms', !d.consents.marketingCalls && 'voice'].filter(Boolean);
      await tx.query(
        `UPDATE messages SET status = 'cancelled', last_error = 'consent withdrawn', updated_at = now()
          WHERE user_id = $1 AND kind = 'marketing' AND status = 'pending' AND channel = ANY($2)`, [d.userId, refused]);
    })
    .on(SessionStarted, async (d, event, tx) => {
      await planForUser(tx, ctx, {
        eventId: event.id, userId: d.userId, template: 'session_started', vars: () => ({ device: d.deviceName, time: formatDateTime(d.startedAt) }),
      });
    })
    .on(SessionRevoked, async (d, event, tx) => {
      const reason = REVOKED_REASON[d.reason];
      if (!reason) return; // the user did it themselves, or the account is going away
      await planForUser(tx, ctx, {
        eventId: event.id, userId: d.userId, template: 'session_revoked', vars: (l: Locale) => ({ device: d.deviceName, reason: reason[l] }),
      });
    })
    .on(UserErasureScheduled, async (d, event, tx) => {
      await planForUser(tx, ctx, {
        eventId: event.id, userId: d.userId, template: 'erasure_scheduled', vars: () => ({ date: formatDate(d.scheduledFor) }),
        email: { address: d.noticeEmail, locale: d.locale },
      });
    })
    // Contacts and message texts go; the rows stay for counts. The notice itself loses its address once sent.
    .on(UserErased, async (d, event, tx) => {
      const now = ctx.clock();
      await eraseRecipient(tx, d.userId, now);
      await eraseUserMessages(tx, d.userId, now);
      await planForUser(tx, ctx, {
        eventId: event.id, userId: d.userId, template: 'erasure_done', vars: () => ({}),
        email: { address: d.noticeEmail, locale: d.locale, eraseAfterSend: true },
      });
    })
    .on(OfferPublished, async (d, event, tx) => {
      await planForAll(tx, ctx, {
        keyPrefix: `${event.id}:`, template: templateOf(ctx.templates, 'offer_published'), sourceEvent: event.id,
        vars: (l) => ({ version: String(d.version), summary: d.summary?.[l] ?? '', effectiveDate: formatDate(d.effectiveAt ?? d.publishedAt) }),
      });
    });
}
