import type { Envelope, EventData } from '@joo/contracts';
import {
  ConsentChanged, OfferPublished, SessionRevoked, SessionStarted, UserErased, UserErasureScheduled, UserProfileUpdated, UserRegistered,
} from '@joo/contracts';
import type { Queryable } from '@joo/db';
import type { NotificationsContext } from '../context.js';
import { formatDate, formatDateTime } from '../domain/format.js';
import type { Locale } from '../domain/templates.js';
import { eraseUserMessages } from '../store/messages.js';
import { eraseRecipient, upsertConsents, upsertContacts } from '../store/recipients.js';
import { templateOf } from '../template-store.js';
import { planForAll, planForUser } from './../usecases/plan.js';

type Handler = (event: Envelope, tx: Queryable, ctx: NotificationsContext) => Promise<void>;
const data = <D>(event: Envelope) => event.data as D;

const REVOKED_REASON: Record<string, { kk: string; ru: string } | null> = {
  logout: null, offer_refused: null, erased: null,
  evicted: { ru: 'вход с четвёртого устройства', kk: 'төртінші құрылғыдан кіру' },
  revoked_by_user: { ru: 'сеанс завершён из настроек аккаунта', kk: 'сеанс аккаунт баптауларынан аяқталды' },
  refresh_reuse: { ru: 'повторное использование токена — возможна кража сеанса', kk: 'токен қайта пайдаланылды — сеанс ұрлануы мүмкін' },
  suspended: { ru: 'аккаунт приостановлен', kk: 'аккаунт тоқтатылды' },
};

export const identityHandlers: Record<string, Handler> = {
  [UserRegistered.type]: async (event, tx, ctx) => {
    const d = data<EventData<typeof UserRegistered>>(event);
    const at = new Date(d.registeredAt);
    await upsertContacts(tx, d.userId, d, at);
    await upsertConsents(tx, d.userId, d.consents, at);
    await planForUser(tx, ctx, { eventId: event.id, userId: d.userId, template: 'welcome', vars: () => ({ name: d.fullName }) });
  },

  [UserProfileUpdated.type]: async (event, tx) => {
    const d = data<EventData<typeof UserProfileUpdated>>(event);
    await upsertContacts(tx, d.userId, d, new Date(d.updatedAt));
  },

  [ConsentChanged.type]: async (event, tx) => {
    const d = data<EventData<typeof ConsentChanged>>(event);
    await upsertConsents(tx, d.userId, d.consents, new Date(d.changedAt));
    // Marketing already queued for a channel the user has now refused does not go.
    const refused = [!d.consents.marketingEmail && 'email', !d.consents.marketingSms && 'sms', !d.consents.marketingCalls && 'voice'].filter(Boolean);
    await tx.query(
      `UPDATE messages SET status = 'cancelled', last_error = 'consent withdrawn', updated_at = now()
        WHERE user_id = $1 AND kind = 'marketing' AND status = 'pending' AND channel = ANY($2)`, [d.userId, refused]);
  },

  [SessionStarted.type]: async (event, tx, ctx) => {
    const d = data<EventData<typeof SessionStarted>>(event);
    await planForUser(tx, ctx, {
      eventId: event.id, userId: d.userId, template: 'session_started', vars: () => ({ device: d.deviceName, time: formatDateTime(d.startedAt) }),
    });
  },

  [SessionRevoked.type]: async (event, tx, ctx) => {
    const d = data<EventData<typeof SessionRevoked>>(event);
    const reason = REVOKED_REASON[d.reason];
    if (!reason) return; // the user did it themselves, or the account is going away
    await planForUser(tx, ctx, {
      eventId: event.id, userId: d.userId, template: 'session_revoked', vars: (l: Locale) => ({ device: d.deviceName, reason: reason[l] }),
    });
  },

  [UserErasureScheduled.type]: async (event, tx, ctx) => {
    const d = data<EventData<typeof UserErasureScheduled>>(event);
    await planForUser(tx, ctx, {
      eventId: event.id, userId: d.userId, template: 'erasure_scheduled', vars: () => ({ date: formatDate(d.scheduledFor) }),
      email: { address: d.noticeEmail, locale: d.locale },
    });
  },

  // Contacts and message texts go; the rows stay for counts. The notice itself loses its address once sent.
  [UserErased.type]: async (event, tx, ctx) => {
    const d = data<EventData<typeof UserErased>>(event);
    const now = ctx.clock();
    await eraseRecipient(tx, d.userId, now);
    await eraseUserMessages(tx, d.userId, now);
    await planForUser(tx, ctx, {
      eventId: event.id, userId: d.userId, template: 'erasure_done', vars: () => ({}),
      email: { address: d.noticeEmail, locale: d.locale, eraseAfterSend: true },
    });
  },

  [OfferPublished.type]: async (event, tx, ctx) => {
    const d = data<EventData<typeof OfferPublished>>(event);
    await planForAll(tx, ctx, {
      keyPrefix: `${event.id}:`, template: templateOf(ctx.templates, 'offer_published'), sourceEvent: event.id,
      vars: (l) => ({ version: String(d.version), summary: d.summary?.[l] ?? '' }),
    });
  },
};
