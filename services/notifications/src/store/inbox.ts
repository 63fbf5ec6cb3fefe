import { randomUUID } from 'node:crypto';
import type { Queryable } from '@joo/db';
import type { Channel, Kind } from '../domain/quiet-hours.js';
import type { Locale } from '../domain/templates.js';
import type { PerLocale } from './messages.js';
import { inCourseTimeAt } from './package-holders.js';

/**
 * The in-app inbox (offer 3.7): messages with status 'inbox' are never sent anywhere (the delivery
 * worker claims only pending ones); their channel names whose text they hold, and the user reads
 * them in GET /v1/notifications/me.
 */
export interface NewInboxMessage {
  /** `<event id>:<user id>:inbox`: one inbox copy per event and user, whatever its channels */
  dedupeKey: string;
  userId: string;
  /** whose text it holds */
  channel: Channel;
  template: string;
  kind: Kind;
  required: boolean;
  locale: Locale;
  subject: string | null;
  body: string;
  sourceEvent: string | null;
}

/** Keeps a message in the inbox; returns whether it is new (the same key again is ignored). */
export async function insertInboxMessage(db: Queryable, m: NewInboxMessage, now: Date): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO messages (id, dedupe_key, user_id, channel, template, kind, required, locale, subject, body, status,
        next_attempt_at, source_event, created_at, updated_at)
     VALUES ($1, $2, $3, $12, $4, $5, $6, $7, $8, $9, 'inbox', $10, $11, $10, $10)
     ON CONFLICT (dedupe_key) DO NOTHING`,
    [randomUUID(), m.dedupeKey, m.userId, m.template, m.kind, m.required, m.locale, m.subject, m.body, now, m.sourceEvent, m.channel]);
  return (rowCount ?? 0) > 0;
}

export interface InboxFanOut {
  keyPrefix: string;
  /** whose text it holds */
  channel: Channel;
  template: string;
  kind: Kind;
  required: boolean;
  texts: PerLocale;
  /** marketing: only users who agreed to it on one of these consents (the columns of recipients) */
  marketingConsents: string[];
  regions?: string[] | null;
  locales?: Locale[] | null;
  broadcastId?: string | null;
  sourceEvent?: string | null;
  /** only students in the course time of a package in force at this instant (package_holders) */
  packageHoldersAt?: Date | null;
}

const CONSENT_COLUMNS = new Set(['marketing_email', 'marketing_sms', 'marketing_calls']);

/** One inbox message per live recipient of the audience without the cross-border consent; returns how many. */
export async function fanOutInbox(db: Queryable, f: InboxFanOut, now: Date): Promise<number> {
  const consents = f.marketingConsents.filter((c) => CONSENT_COLUMNS.has(c));
  if (f.kind === 'marketing' && consents.length === 0) return 0;
  const pick = (n: number) => `CASE r.locale WHEN 'kk' THEN $${n}::text ELSE $${n + 1}::text END`;
  const { rowCount } = await db.query(
    `INSERT INTO messages (id, dedupe_key, user_id, channel, template, kind, required, locale, subject, body, status,
        next_attempt_at, broadcast_id, source_event, created_at, updated_at)
     SELECT gen_random_uuid(), $1 || r.user_id || ':inbox', r.user_id, $16, $2, $3, $4, ${pick(5)}, ${pick(7)}, ${pick(9)}, 'inbox',
            $11, $12, $13, $11, $11
       FROM recipients r
      WHERE r.erased_at IS NULL AND NOT r.cross_border_transfer
        ${f.kind === 'marketing' ? `AND (${consents.map((c) => `r.${c}`).join(' OR ')})` : ''}
        AND ($14::text[] IS NULL OR r.region = ANY($14))
        AND ($15::text[] IS NULL OR r.locale = ANY($15))
        AND ($17::timestamptz IS NULL OR ${inCourseTimeAt(17)})
     ON CONFLICT (dedupe_key) DO NOTHING`,
    [f.keyPrefix, f.template, f.kind, f.required,
      f.texts.kk.locale, f.texts.ru.locale, f.texts.kk.subject, f.texts.ru.subject, f.texts.kk.body, f.texts.ru.body,
      now, f.broadcastId ?? null, f.sourceEvent ?? null, f.regions ?? null, f.locales ?? null, f.channel, f.packageHoldersAt ?? null]);
  return rowCount ?? 0;
}

/**
 * The cross-border consent was withdrawn: what still waits to go out does not go; each event's
 * message is kept in the inbox instead (its e-mail text when it had one). Returns how many moved.
 */
export async function moveWaitingToInbox(db: Queryable, userId: string, now: Date): Promise<number> {
  const { rowCount } = await db.query(
    `WITH withheld AS (
       UPDATE messages SET status = 'cancelled', last_error = 'cross-border consent withdrawn', updated_at = $2
        WHERE user_id = $1 AND status = 'pending'
        RETURNING dedupe_key, template, kind, required, locale, subject, body, broadcast_id, source_event, channel)
     INSERT INTO messages (id, dedupe_key, user_id, channel, template, kind, required, locale, subject, body, status,
        next_attempt_at, broadcast_id, source_event, created_at, updated_at)
     SELECT DISTINCT ON (key) gen_random_uuid(), key, $1, channel, template, kind, required, locale, subject, body, 'inbox',
            $2, broadcast_id, source_event, $2, $2
       FROM (SELECT regexp_replace(dedupe_key, ':(email|sms|voice)$', ':inbox') AS key, * FROM withheld) w
      ORDER BY key, array_position(ARRAY['email', 'sms', 'voice'], channel)
     ON CONFLICT (dedupe_key) DO NOTHING`, [userId, now]);
  return rowCount ?? 0;
}

/** Marks the user's own message read; false when there is no such message of theirs. */
export async function markRead(db: Queryable, userId: string, id: string, now: Date): Promise<boolean> {
  const { rowCount } = await db.query(
    'UPDATE messages SET read_at = COALESCE(read_at, $3) WHERE id = $1 AND user_id = $2', [id, userId, now]);
  return (rowCount ?? 0) > 0;
}
