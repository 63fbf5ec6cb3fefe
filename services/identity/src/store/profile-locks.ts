import { defineStatement, execution, type Execution, type Queryable } from '@joo/db';

export interface ProfileLock { entitlementId: string; userId: string; profileSubject: string; subjects: string[]; validUntil: Date }

// Statements (@joo/db): the profile-lock consumer sends them with BEGIN, its inbox rows and COMMIT in
// one round trip (statementOf).
const INSERT_LOCK = defineStatement('identity_insert_profile_lock', ['text', 'uuid', 'text', 'text[]', 'timestamptz', 'timestamptz'], `
  INSERT INTO profile_subject_locks (entitlement_id, user_id, profile_subject, subjects, valid_until, locked_at)
  VALUES ($1, $2, $3, $4, $5, $6)
  ON CONFLICT (entitlement_id) DO NOTHING`);
const DELETE_LOCK = defineStatement('identity_delete_profile_lock', ['text'], 'DELETE FROM profile_subject_locks WHERE entitlement_id = $1');

export function insertLockStatement(lock: ProfileLock, now: Date): Execution {
  return execution(INSERT_LOCK, [lock.entitlementId, lock.userId, lock.profileSubject, lock.subjects, lock.validUntil, now]);
}

export function deleteLockStatement(entitlementId: string): Execution {
  return execution(DELETE_LOCK, [entitlementId]);
}

/** The user's locks that still hold at `now`. */
export async function activeLocks(q: Queryable, userId: string, now: Date): Promise<ProfileLock[]> {
  const { rows } = await q.query<{ entitlement_id: string; user_id: string; profile_subject: string; subjects: string[]; valid_until: Date }>(
    'SELECT * FROM profile_subject_locks WHERE user_id = $1 AND valid_until > $2 ORDER BY valid_until DESC', [userId, now]);
  return rows.map((r) => ({ entitlementId: r.entitlement_id, userId: r.user_id, profileSubject: r.profile_subject, subjects: r.subjects, validUntil: r.valid_until }));
}
