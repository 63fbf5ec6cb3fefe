import type { Queryable } from '@joo/db';

/** A grant; a revocation that arrived first keeps the row revoked. */
export async function upsertHolder(db: Queryable, h: { entitlementId: string; userId: string; validFrom: Date; validUntil: Date; courseUntil: Date | null }): Promise<void> {
  await db.query(
    `INSERT INTO package_holders (entitlement_id, user_id, valid_from, valid_until, course_until) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (entitlement_id) DO UPDATE SET user_id = EXCLUDED.user_id, valid_from = EXCLUDED.valid_from,
       valid_until = EXCLUDED.valid_until, course_until = EXCLUDED.course_until`,
    [h.entitlementId, h.userId, h.validFrom, h.validUntil, h.courseUntil]);
}

/** Ends a holding; before its grant it leaves a revoked row the grant fills in. */
export async function revokeHolder(db: Queryable, r: { entitlementId: string; userId: string; at: Date }): Promise<void> {
  await db.query(
    `INSERT INTO package_holders (entitlement_id, user_id, valid_from, valid_until, revoked_at) VALUES ($1, $2, $3, $3, $3)
     ON CONFLICT (entitlement_id) DO UPDATE SET revoked_at = LEAST(COALESCE(package_holders.revoked_at, EXCLUDED.revoked_at), EXCLUDED.revoked_at)`,
    [r.entitlementId, r.userId, r.at]);
}

/**
 * The SQL condition "recipient `r` is in the course time of a package in force at the timestamptz
 * parameter `$n`", for a fan-out's audience.
 */
export const inCourseTimeAt = (n: number) => `EXISTS (SELECT 1 FROM package_holders h WHERE h.user_id = r.user_id AND h.revoked_at IS NULL
  AND h.valid_from <= $${n} AND h.valid_until > $${n} AND (h.course_until IS NULL OR h.course_until > $${n}))`;
