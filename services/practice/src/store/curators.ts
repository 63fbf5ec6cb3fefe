import type { Queryable } from '@joo/db';

/** Replaces the curator's students with `studentIds` (an empty list unassigns them all). */
export async function replaceCuratorStudents(db: Queryable, curatorId: string, studentIds: string[], now: Date): Promise<void> {
  await db.query('DELETE FROM curator_students WHERE curator_id = $1 AND NOT (student_id = ANY($2::text[]))', [curatorId, studentIds]);
  await db.query(
    `INSERT INTO curator_students (curator_id, student_id, assigned_at) SELECT $1, s, $3 FROM unnest($2::text[]) AS s
     ON CONFLICT DO NOTHING`, [curatorId, studentIds, now]);
}

/** The curator's students by id, after `after`. */
export async function listCuratorStudents(db: Queryable, curatorId: string, f: { after?: string; limit: number }): Promise<string[]> {
  const { rows } = await db.query<{ student_id: string }>(
    `SELECT student_id FROM curator_students WHERE curator_id = $1 AND ($2::text IS NULL OR student_id > $2)
     ORDER BY student_id LIMIT $3`, [curatorId, f.after ?? null, f.limit]);
  return rows.map((r) => r.student_id);
}

export async function isAssigned(db: Queryable, curatorId: string, studentId: string): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM curator_students WHERE curator_id = $1 AND student_id = $2', [curatorId, studentId]);
  return rows.length > 0;
}
