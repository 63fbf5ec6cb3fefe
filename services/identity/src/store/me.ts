import { batchedLookups, type Queryable } from '@joo/db';
import { isUuid } from './sessions.js';
import type { User } from './users.js';

/** What the profile view shows of a user: no password hash, no suspension note. */
export type ProfileUser = Pick<User,
  'id' | 'status' | 'roles' | 'fullName' | 'email' | 'phone' | 'region' | 'locale' | 'profile' | 'iinCiphertext' | 'createdAt'>;

export interface Warning {
  id: string;
  reason: string;
  issuedAt: string;
}

export interface UserWithOffer {
  user: ProfileUser;
  /** The highest offer version the user has accepted, if any. */
  acceptedOfferVersion: number | null;
  /** Offer 7.1.3: the admins' warnings (newest first, at most WARNINGS_SHOWN) and the suspension, with reasons. */
  warnings: Warning[];
  suspension: { reason: string; since: string } | null;
}



export const WARNINGS_SHOWN = 20;

/** Whose profile to read, and which session to check the liveness of (none: null). */
export interface MeKey {
  userId: string;
  sessionId: string | null;
}

export interface MeRead {
  /** Undefined when there is no such user. */
  found: UserWithOffer | undefined;
  /** Whether the session asked about exists and is not revoked (false when none was asked about). */
  sessionLive: boolean;
}

interface Row {
  n: string;
  id: string | null;
  status: User['status'];
  roles: string[];
  full_name: string | null;
  email: string | null;
  phone: string | null;
  region: string | null;
  locale: User['locale'];
  profile: Record<string, unknown> | null;
  iin_ciphertext: Buffer | null;
  created_at: Date;
  accepted_offer_version: number | null;
  suspended_reason: string | null;
  suspended_at: Date | null;
  warnings: Array<{ id: string; reason: string; issuedAt: string }> | null;
  session_live: boolean | null;
}

const READ_ME = `SELECT k.n, u.id, u.status, u.roles, u.full_name, u.email, u.phone, u.region, u.locale, u.profile, u.iin_ciphertext,
    u.created_at,
    (SELECT max(d.offer_version) FROM offer_decisions d WHERE d.user_id = u.id AND d.decision = 'accepted') AS accepted_offer_version,
    u.suspended_reason, u.suspended_at,
    (SELECT jsonb_agg(jsonb_build_object('id', w.id, 'reason', w.reason, 'issuedAt', w.issued_at) ORDER BY w.issued_at DESC, w.id)
       FROM (SELECT * FROM user_warnings WHERE user_id = u.id ORDER BY issued_at DESC, id LIMIT ${WARNINGS_SHOWN}) w) AS warnings,
    (SELECT s.revoked_at IS NULL FROM sessions s WHERE s.id = k.session_id) AS session_live
  FROM unnest($1::uuid[], $2::uuid[]) WITH ORDINALITY AS k(user_id, session_id, n)
  LEFT JOIN users u ON u.id = k.user_id`;

function readOf(row: Row | undefined): MeRead {
  if (!row) return { found: undefined, sessionLive: false };
  const found = row.id === null ? undefined : {
    user: {
      id: row.id, status: row.status, roles: row.roles, fullName: row.full_name, email: row.email, phone: row.phone,
      region: row.region, locale: row.locale, profile: row.profile ?? {}, iinCiphertext: row.iin_ciphertext, createdAt: row.created_at,
    },
    acceptedOfferVersion: row.accepted_offer_version,
    warnings: (row.warnings ?? []).map((w) => ({ id: w.id, reason: w.reason, issuedAt: new Date(w.issuedAt).toISOString() })),
    suspension: row.status === 'suspended' && row.suspended_reason !== null && row.suspended_at !== null
      ? { reason: row.suspended_reason, since: row.suspended_at.toISOString() } : null,
  };
  return { found, sessionLive: row.session_live === true };
}

/**
 * For each key, in one round trip for them all: the user, the highest offer version they have
 * accepted and whether the session is live. An id that is no uuid names nobody (PostgreSQL would
 * refuse it, and with it the other keys of the query).
 */
export async function readMe(db: Queryable, keys: readonly MeKey[]): Promise<MeRead[]> {
  const uuidOrNull = (id: string | null) => (id !== null && isUuid(id) ? id : null);
  const { rows } = await db.query<Row>({
    text: READ_ME, values: [keys.map((k) => uuidOrNull(k.userId)), keys.map((k) => uuidOrNull(k.sessionId))],
  });
  const byPosition = new Map(rows.map((row) => [Number(row.n), row]));
  return keys.map((_, i) => readOf(byPosition.get(i + 1)));
}

/** One user with their accepted offer (no session asked about), e.g. inside a transaction. */
export async function findUserWithOffer(db: Queryable, userId: string): Promise<UserWithOffer | undefined> {
  const [read] = await readMe(db, [{ userId, sessionId: null }]);
  return read!.found;
}

export type MeReads = (key: MeKey) => Promise<MeRead>;

/**
 * GET /me runs on every app start: the reads asked for in the same turn of the event loop go as
 * one query (`batchedLookups`). The statement is planned anew each time it runs (nothing is
 * prepared, ADR 0010), which costs PostgreSQL several times what running it does; one query for
 * many requests pays that once. Each read still runs in a query sent after it was asked for.
 */
export function meReads(pool: Queryable): MeReads {
  return batchedLookups((keys: readonly MeKey[]) => readMe(pool, keys));
}
