import { literal, type Queryable } from '@joo/db';

export interface ProfileLock { entitlementId: string; userId: string; profileSubject: string; subjects: string[]; validUntil: Date }

/**
 * The statements are SQL text with quoted values rather than bound parameters: the profile-lock
 * consumer sends them with BEGIN, its inbox rows and COMMIT in one round trip (statementOf).
 */
export function insertLockStatement(lock: ProfileLock, now: Date): string {
  const subjects = `ARRAY[${lock.subjects.map(literal).join(', ')}]::text[]`;
  return `INSERT INTO profile_subject_locks (entitlement_id, user_id, profile_subject, subjects, valid_until, locked_at)
    VALUES (${literal(lock.entitlementId)}, ${literal(lock.userId)}, ${literal(lock.profileSubject)}, ${subjects},
            ${literal(lock.validUntil.toISOString())}, ${literal(now.toISOString())})
    ON CONFLICT (entitlement_id) DO NOTHING`;
}

export function deleteLockStatement(entitlementId: string): string {
  return `DELETE FROM profile_subject_locks WHERE entitlement_id = ${literal(entitlementId)}`;
}

/** The user's locks that still hold at `now`. */
export async function activeLocks(q: Queryable, userId: string, now: Date): Promise<ProfileLock[]> {
  const { rows } = await q.query<{ entitlement_id: string; user_id: string; profile_subject: string; subjects: string[]; valid_until: Date }>(
    'SELECT * FROM profile_subject_locks WHERE user_id = $1 AND valid_until > $2 ORDER BY valid_until DESC', [userId, now]);
  return rows.map((r) => ({ entitlementId: r.entitlement_id, userId: r.user_id, profileSubject: r.profile_subject, subjects: r.subjects, validUntil: r.valid_until }));
}
