import { randomUUID } from 'node:crypto';
import type { Queryable } from '@joo/db';
import type { Channel, Kind } from '../domain/quiet-hours.js';
import type { Locale } from '../domain/templates.js';
import { inCourseTimeAt } from './package-holders.js';

export interface NewMessage {
  dedupeKey: string;
  userId: string | null;
  channel: Channel;
  template: string;
  kind: Kind;
  locale: Locale;
  address: string;
  subject: string | null;
  body: string;
  notBefore: Date;
  sourceEvent: string | null;
  eraseAfterSend?: boolean;
  broadcastId?: string | null;
  /** a service message the user must get (the template's `required`) */
  required?: boolean;
}

/** Queues a message; a second one with the same key (event, user, channel) is ignored. Returns whether it was new. */
export async function insertMessage(db: Queryable, m: NewMessage, now: Date): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO messages (id, dedupe_key, user_id, channel, template, kind, locale, address, subject, body, status,
        erase_after_send, next_attempt_at, broadcast_id, source_event, created_at, updated_at, required)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'pending', $11, $12, $13, $14, $15, $15, $16)
     ON CONFLICT (dedupe_key) DO NOTHING`,
    [randomUUID(), m.dedupeKey, m.userId, m.channel, m.template, m.kind, m.locale, m.address, m.subject, m.body,
      m.eraseAfterSend ?? false, m.notBefore, m.broadcastId ?? null, m.sourceEvent, now, m.required ?? false]);
  return (rowCount ?? 0) > 0;
}

/** Per the recipient's locale: the locale the text is in, and the text. */
export type PerLocale = Record<Locale, { locale: Locale; subject: string | null; body: string }>;

export interface FanOut {
  /** dedupe key prefix; the user id and channel are appended */
  keyPrefix: string;
  channel: Channel;
  template: string;
  kind: Kind;
  texts: PerLocale;
  notBefore: Date;
  regions?: string[] | null;
  locales?: Locale[] | null;
  broadcastId?: string | null;
  sourceEvent?: string | null;
  required?: boolean;
  /** only students in the course time of a package in force at this instant (package_holders) */
  packageHoldersAt?: Date | null;
}

const ADDRESS: Record<Channel, string> = { email: 'r.email', sms: 'r.phone', voice: 'r.phone' };
const CONSENT: Record<Channel, string> = { email: 'r.marketing_email', sms: 'r.marketing_sms', voice: 'r.marketing_calls' };

/**
 * One message per live recipient with an address for the channel, the cross-border consent (offer 3.7)
 * and, for marketing, the channel's consent, in one statement. The others get an inbox copy (fanOutInbox).
 */
export async function fanOut(db: Queryable, f: FanOut, now: Date): Promise<number> {
  const pick = (n: number) => `CASE r.locale WHEN 'kk' THEN $${n}::text ELSE $${n + 1}::text END`;
  const { rowCount } = await db.query(
    `INSERT INTO messages (id, dedupe_key, user_id, channel, template, kind, locale, address, subject, body, status,
        next_attempt_at, broadcast_id, source_event, created_at, updated_at, required)
     SELECT gen_random_uuid(), $1 || r.user_id || ':' || $2, r.user_id, $2, $3, $4, ${pick(5)}, ${ADDRESS[f.channel]},
            ${pick(7)}, ${pick(9)}, 'pending', $11, $12, $13, $14, $14, $17
       FROM recipients r
      WHERE r.erased_at IS NULL AND ${ADDRESS[f.channel]} IS NOT NULL AND r.cross_border_transfer
        ${f.kind === 'marketing' ? `AND ${CONSENT[f.channel]}` : ''}
        AND ($15::text[] IS NULL OR r.region = ANY($15))
        AND ($16::text[] IS NULL OR r.locale = ANY($16))
        AND ($18::timestamptz IS NULL OR ${inCourseTimeAt(18)})
     ON CONFLICT (dedupe_key) DO NOTHING`,
    [f.keyPrefix, f.channel, f.template, f.kind,
      f.texts.kk.locale, f.texts.ru.locale, f.texts.kk.subject, f.texts.ru.subject, f.texts.kk.body, f.texts.ru.body,
      f.notBefore, f.broadcastId ?? null, f.sourceEvent ?? null, now, f.regions ?? null, f.locales ?? null, f.required ?? false, f.packageHoldersAt ?? null]);
  return rowCount ?? 0;
}

/** Erasure: pending messages are cancelled, and every message loses its address and text (the rows stay, for counts). */
export async function eraseUserMessages(db: Queryable, userId: string, now: Date): Promise<void> {
  await db.query(
    `UPDATE messages SET status = CASE WHEN status IN ('pending', 'sending') THEN 'cancelled' ELSE status END,
        address = NULL, subject = NULL, body = NULL, last_error = NULL, updated_at = $2
      WHERE user_id = $1`, [userId, now]);
  // Provider errors quote the address ("The 'To' number +7… is not valid"): the log keeps outcomes only.
  await db.query(
    `UPDATE delivery_log SET detail = NULL WHERE message_id IN (SELECT id FROM messages WHERE user_id = $1) AND detail IS NOT NULL`, [userId]);
}

export interface MessageView {
  id: string;
  channel: Channel;
  template: string;
  locale: Locale;
  subject: string | null;
  body: string | null;
  status: string;
  createdAt: string;
  readAt: string | null;
}

/** The user's messages, newest first, after the cursor (createdAt, id). */
export async function listUserMessages(db: Queryable, userId: string, limit: number, after?: [string, string]): Promise<MessageView[]> {
  const { rows } = await db.query(
    `SELECT id, channel, template, locale, subject, body, status, created_at, read_at FROM messages
      WHERE user_id = $1 AND ($2::timestamptz IS NULL OR (created_at, id) < ($2::timestamptz, $3::uuid))
      ORDER BY created_at DESC, id DESC LIMIT $4`,
    [userId, after?.[0] ?? null, after?.[1] ?? null, limit]);
  return rows.map((r) => ({
    id: r.id, channel: r.channel, template: r.template, locale: r.locale, subject: r.subject, body: r.body,
    status: r.status, createdAt: (r.created_at as Date).toISOString(), readAt: (r.read_at as Date | null)?.toISOString() ?? null,
  }));
}

export async function logDelivery(
  db: Queryable,
  e: { messageId: string; at: Date; what: 'attempt' | 'lookup' | 'callback'; outcome: string; httpStatus?: number | null; providerId?: string | null; detail?: string | null },
): Promise<void> {
  await db.query(
    `INSERT INTO delivery_log (message_id, at, what, outcome, http_status, provider_id, detail) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [e.messageId, e.at, e.what, e.outcome, e.httpStatus ?? null, e.providerId ?? null, e.detail ?? null]);
}

/** A message and its delivery log, for admins; null when there is no such message. */
export async function messageWithLog(db: Queryable, id: string) {
  const { rows } = await db.query('SELECT * FROM messages WHERE id = $1', [id]);
  const m = rows[0];
  if (!m) return null;
  const log = await db.query('SELECT * FROM delivery_log WHERE message_id = $1 ORDER BY id', [id]);
  return {
    id: m.id as string, userId: m.user_id as string | null, channel: m.channel as Channel, template: m.template as string, kind: m.kind as string,
    status: m.status as string, attempts: m.attempts as number, providerId: m.provider_id as string | null, providerStatus: m.provider_status as string | null,
    lastError: m.last_error as string | null, createdAt: (m.created_at as Date).toISOString(),
    log: log.rows.map((l) => ({
      at: (l.at as Date).toISOString(), what: l.what as string, outcome: l.outcome as string, httpStatus: l.http_status as number | null,
      providerId: l.provider_id as string | null, detail: l.detail as string | null,
    })),
  };
}
