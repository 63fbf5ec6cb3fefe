import type { Queryable } from '@joo/db';
import { isSessionId } from './sessions.js';
import type { User } from './users.js';

/** What the profile view shows of a user: no password hash, no suspension note. */
export type ProfileUser = Pick<User,
  'id' | 'status' | 'roles' | 'fullName' | 'email' | 'phone' | 'region' | 'locale' | 'profile' | 'iinCiphertext' | 'createdAt'>;

export interface UserWithOffer {
  user: ProfileUser;
  /** The highest offer version the user has accepted, if any. */
  acceptedOfferVersion: number | null;
  /** Whether the session asked about exists and is not revoked (false when none was asked about). */
  sessionLive: boolean;
}

interface Row {
  id: string;
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
  session_live: boolean | null;
}

/**
 * The user, the highest offer version they have accepted and whether `sessionId` is live, in one
 * round trip: GET /me runs on every app start, and each round trip to PostgreSQL costs the service
 * more than the rest of the request.
 */
export async function findUserWithOffer(db: Queryable, userId: string, sessionId: string | null): Promise<UserWithOffer | undefined> {
  const { rows: [row] } = await db.query<Row>({
    text: `SELECT id, status, roles, full_name, email, phone, region, locale, profile, iin_ciphertext, created_at,
             (SELECT max(offer_version) FROM offer_decisions
               WHERE user_id = users.id AND decision = 'accepted') AS accepted_offer_version,
             (SELECT revoked_at IS NULL FROM sessions WHERE sessions.id = $2) AS session_live
             FROM users WHERE id = $1`,
    values: [userId, sessionId !== null && isSessionId(sessionId) ? sessionId : null],
  });
  if (!row) return undefined;
  return {
    user: {
      id: row.id, status: row.status, roles: row.roles, fullName: row.full_name, email: row.email, phone: row.phone,
      region: row.region, locale: row.locale, profile: row.profile ?? {}, iinCiphertext: row.iin_ciphertext, createdAt: row.created_at,
    },
    acceptedOfferVersion: row.accepted_offer_version,
    sessionLive: row.session_live === true,
  };
}
