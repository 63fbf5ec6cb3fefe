import type { Queryable } from '@joo/db';

export type Policy = 'cookie-policy' | 'parental-consent';

/**
 * The version of the site's cookie policy a registration accepts (offer 3.7: accepting the offer
 * accepts it). A new policy text gets a new number here.
 */
export const COOKIE_POLICY_VERSION = 1;

/** The parental confirmation of offer 8.2 as worded in offer version 1; a new wording gets a new number. */
export const PARENTAL_CONSENT_VERSION = 1;

/** Appends an acceptance; like the offer's, it is never overwritten. */
export async function recordPolicyAcceptance(
  db: Queryable, a: { userId: string; policy: Policy; version: number; now: Date; ip: string | null; userAgent: string | null },
): Promise<void> {
  await db.query(
    'INSERT INTO policy_acceptances (user_id, policy, version, accepted_at, ip, user_agent) VALUES ($1, $2, $3, $4, $5, $6)',
    [a.userId, a.policy, a.version, a.now, a.ip, a.userAgent]);
}

export interface Acceptance { policy: 'offer' | Policy; version: number; acceptedAt: string }

/** What the user accepted and when, newest first: the offer's acceptances and the policies'. */
export async function listAcceptances(db: Queryable, userId: string): Promise<Acceptance[]> {
  const { rows } = await db.query<{ policy: Acceptance['policy']; version: number; at: Date }>(
    `SELECT 'offer' AS policy, offer_version AS version, decided_at AS at FROM offer_decisions WHERE user_id = $1 AND decision = 'accepted'
     UNION ALL
     SELECT policy, version, accepted_at FROM policy_acceptances WHERE user_id = $1
     ORDER BY at DESC, policy`, [userId]);
  return rows.map((r) => ({ policy: r.policy, version: r.version, acceptedAt: r.at.toISOString() }));
}
