import type { Queryable } from '@joo/db';

export interface EntitlementCopy {
  entitlementId: string; userId: string; productId: string; profileSubjects: string[]; validFrom: Date; validUntil: Date;
  /** end of the course proper; null when the whole validity is course time */
  courseUntil: Date | null;
}

/** A grant; a revocation that arrived first (another subject's order) keeps it revoked. */
export async function upsertEntitlement(db: Queryable, e: EntitlementCopy): Promise<void> {
  await db.query(
    `INSERT INTO entitlements (entitlement_id, user_id, product_id, profile_subjects, valid_from, valid_until, course_until)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (entitlement_id) DO UPDATE SET user_id = EXCLUDED.user_id, product_id = EXCLUDED.product_id,
       profile_subjects = EXCLUDED.profile_subjects, valid_from = EXCLUDED.valid_from, valid_until = EXCLUDED.valid_until,
       course_until = EXCLUDED.course_until`,
    [e.entitlementId, e.userId, e.productId, e.profileSubjects, e.validFrom, e.validUntil, e.courseUntil]);
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

export interface StudyAccess {
  /** `course`: everything; `bonus`: the bonus period after the course, practice only; `none`: the free demo set only */
  level: 'course' | 'bonus' | 'none';
  /** the profile pair locked by an entitlement in force (offer 5.7), empty when none is */
  profileSubjects: string[];
}

/** What the user may study at `now`, from every entitlement in force: course time beats bonus time. */
export async function studyAccess(db: Queryable, userId: string, now: Date): Promise<StudyAccess> {
  const { rows } = await db.query<{ in_course: boolean; profile_subjects: string[] }>(
    `SELECT (course_until IS NULL OR course_until > $2) AS in_course, profile_subjects FROM entitlements
      WHERE user_id = $1 AND revoked_at IS NULL AND valid_from <= $2 AND valid_until > $2
      ORDER BY (course_until IS NULL OR course_until > $2) DESC, valid_from DESC`, [userId, now]);
  if (rows.length === 0) return { level: 'none', profileSubjects: [] };
  const locked = rows.find((r) => r.profile_subjects.length > 0);
  return { level: rows[0]!.in_course ? 'course' : 'bonus', profileSubjects: locked?.profile_subjects ?? [] };
}
