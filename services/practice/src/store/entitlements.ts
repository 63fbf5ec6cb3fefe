import type { Queryable } from '@joo/db';

export interface EntitlementCopy {
  entitlementId: string; userId: string; productId: string; profileSubjects: string[]; validFrom: Date; validUntil: Date;
}

/** A grant; a revocation that arrived first (another subject's order) keeps it revoked. */
export async function upsertEntitlement(db: Queryable, e: EntitlementCopy): Promise<void> {
  await db.query(
    `INSERT INTO entitlements (entitlement_id, user_id, product_id, profile_subjects, valid_from, valid_until)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (entitlement_id) DO UPDATE SET user_id = EXCLUDED.user_id, product_id = EXCLUDED.product_id,
       profile_subjects = EXCLUDED.profile_subjects, valid_from = EXCLUDED.valid_from, valid_until = EXCLUDED.valid_until`,
    [e.entitlementId, e.userId, e.productId, e.profileSubjects, e.validFrom, e.validUntil]);
}

/** Ends an entitlement early; a revocation before its grant leaves a revoked row the grant fills in. */
export async function revokeEntitlement(db: Queryable, r: { entitlementId: string; userId: string; productId: string; at: Date }): Promise<void> {
  await db.query(
    `INSERT INTO entitlements (entitlement_id, user_id, product_id, profile_subjects, valid_from, valid_until, revoked_at)
     VALUES ($1, $2, $3, '{}', $4, $4, $4)
     ON CONFLICT (entitlement_id) DO UPDATE SET revoked_at = LEAST(COALESCE(entitlements.revoked_at, EXCLUDED.revoked_at), EXCLUDED.revoked_at)`,
    [r.entitlementId, r.userId, r.productId, r.at]);
}

/** Whether the user holds an entitlement in force at `now`: granted, not revoked, within its validity. */
export async function hasActiveEntitlement(db: Queryable, userId: string, now: Date): Promise<boolean> {
  const { rows } = await db.query(
    'SELECT 1 FROM entitlements WHERE user_id = $1 AND revoked_at IS NULL AND valid_from <= $2 AND valid_until > $2 LIMIT 1', [userId, now]);
  return rows.length > 0;
}
