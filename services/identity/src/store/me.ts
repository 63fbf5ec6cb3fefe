import type { Queryable } from '@joo/db';
import { COLUMNS as USER_COLUMNS, toUser, type User, type UserRow } from './users.js';
import { isSessionId } from './sessions.js';

export interface UserWithOffer {
  user: User;
  /** The highest offer version the user has accepted, if any. */
  acceptedOfferVersion: number | null;
  /** Whether the session asked about exists and is not revoked (false when none was asked about). */
  sessionLive: boolean;
}

/**
 * The user, the highest offer version they have accepted and whether `sessionId` is live, in one
 * round trip: GET /me runs on every app start, and each round trip to PostgreSQL costs the service
 * more than the rest of the request.
 */
export async function findUserWithOffer(db: Queryable, userId: string, sessionId: string | null): Promise<UserWithOffer | undefined> {
  const { rows } = await db.query<UserRow & { accepted_offer_version: number | null; session_live: boolean | null }>({
    name: 'identity.user-with-offer',
    text: `SELECT ${USER_COLUMNS},
             (SELECT max(offer_version) FROM offer_decisions
               WHERE user_id = users.id AND decision = 'accepted') AS accepted_offer_version,
             (SELECT revoked_at IS NULL FROM sessions WHERE sessions.id = $2) AS session_live
             FROM users WHERE id = $1`,
    values: [userId, sessionId !== null && isSessionId(sessionId) ? sessionId : null],
  });
  const row = rows[0];
  return row ? { user: toUser(row), acceptedOfferVersion: row.accepted_offer_version, sessionLive: row.session_live === true } : undefined;
}
