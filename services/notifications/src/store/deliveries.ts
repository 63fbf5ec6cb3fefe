import type { Queryable } from '@joo/db';
import type { Channel, Kind } from '../domain/quiet-hours.js';
import type { Locale } from '../domain/templates.js';

export interface Claimed {
  id: string;
  userId: string | null;
  channel: Channel;
  template: string;
  kind: Kind;
  locale: Locale;
  address: string | null;
  subject: string | null;
  body: string | null;
  attempts: number;
  firstAttemptAt: Date;
  eraseAfterSend: boolean;
  /** an earlier attempt's outcome is unknown: ask the provider before sending */
  checkFirst: boolean;
  claimToken: string;
}

/**
 * Claims up to `limit` messages that are due, or whose sender's lease ran out (it died mid-send):
 * those, and those whose last attempt timed out, are marked to be looked up before sending again.
 */
export async function claimDue(db: Queryable, now: Date, limit: number, leaseMs: number, token: string): Promise<Claimed[]> {
  const { rows } = await db.query(
    `WITH due AS (
       SELECT id, (status = 'sending' OR in_doubt) AS check_first FROM messages
        WHERE (status = 'pending' AND next_attempt_at <= $1) OR (status = 'sending' AND lease_until <= $1)
        ORDER BY next_attempt_at LIMIT $2 FOR UPDATE SKIP LOCKED)
     UPDATE messages m SET status = 'sending', claim_token = $3, lease_until = $1::timestamptz + make_interval(secs => $4::double precision / 1000),
            attempts = m.attempts + 1, in_doubt = true, first_attempt_at = coalesce(m.first_attempt_at, $1), updated_at = $1
       FROM due WHERE m.id = due.id
     RETURNING m.id, m.user_id, m.channel, m.template, m.kind, m.locale, m.address, m.subject, m.body, m.attempts,
               m.first_attempt_at, m.erase_after_send, due.check_first`,
    [now, limit, token, leaseMs]);
  return rows.map((r) => ({
    id: r.id, userId: r.user_id, channel: r.channel, template: r.template, kind: r.kind, locale: r.locale, address: r.address,
    subject: r.subject, body: r.body, attempts: r.attempts, firstAttemptAt: r.first_attempt_at, eraseAfterSend: r.erase_after_send,
    checkFirst: r.check_first, claimToken: token,
  }));
}

/**
 * The provider has them: a batch recorded with its log rows in two statements. A callback may
 * already have moved a status on; it is kept then. Returns the ids recorded (still under our claim).
 */
export async function recordAcceptedBatch(
  db: Queryable, now: Date, items: Array<{ m: Claimed; providerId: string; providerStatus: string; what: 'attempt' | 'lookup' }>,
): Promise<Set<string>> {
  if (items.length === 0) return new Set();
  const { rows } = await db.query<{ id: string }>(
    `UPDATE messages AS m SET status = CASE WHEN m.status = 'sending' THEN 'sent' ELSE m.status END, in_doubt = false,
            provider_id = coalesce(m.provider_id, x.provider_id), provider_status = coalesce(m.provider_status, x.provider_status),
            sent_at = $1, lease_until = NULL, claim_token = NULL, last_error = NULL, updated_at = $1,
            address = CASE WHEN m.erase_after_send THEN NULL ELSE m.address END,
            subject = CASE WHEN m.erase_after_send THEN NULL ELSE m.subject END,
            body = CASE WHEN m.erase_after_send THEN NULL ELSE m.body END
       FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::text[]) AS x(id, token, provider_id, provider_status)
      WHERE m.id = x.id AND m.claim_token = x.token
     RETURNING m.id`,
    [now, items.map((i) => i.m.id), items.map((i) => i.m.claimToken), items.map((i) => i.providerId), items.map((i) => i.providerStatus)]);
  await db.query(
    `INSERT INTO delivery_log (message_id, at, what, outcome, provider_id, detail)
     SELECT x.id, $1, x.what, 'accepted', x.provider_id, x.provider_status
       FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[]) AS x(id, what, provider_id, provider_status)`,
    [now, items.map((i) => i.m.id), items.map((i) => i.what), items.map((i) => i.providerId), items.map((i) => i.providerStatus)]);
  return new Set(rows.map((r) => r.id));
}

/** Back to pending for another attempt at `at`; `inDoubt` when this attempt's outcome is unknown. */
export async function recordRetry(db: Queryable, m: Claimed, now: Date, at: Date, inDoubt: boolean, error: string): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE messages SET status = 'pending', in_doubt = $3, next_attempt_at = $4, lease_until = NULL, claim_token = NULL,
            last_error = $5, updated_at = $2
      WHERE id = $1 AND claim_token = $6 AND status = 'sending'`,
    [m.id, now, inDoubt, at, error, m.claimToken]);
  return (rowCount ?? 0) > 0;
}

/** Final: failed (4xx, or attempts used up) or cancelled (nothing left to send it to). */
export async function recordFinal(db: Queryable, m: Claimed, now: Date, status: 'failed' | 'cancelled', error: string): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE messages SET status = $3, in_doubt = false, lease_until = NULL, claim_token = NULL, last_error = $4, updated_at = $2
      WHERE id = $1 AND claim_token = $5 AND status = 'sending'`,
    [m.id, now, status, error, m.claimToken]);
  return (rowCount ?? 0) > 0;
}
