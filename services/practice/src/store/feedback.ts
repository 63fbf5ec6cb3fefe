import type { Queryable } from '@joo/db';

export interface Feedback { id: string; studentId: string; curatorId: string; text: string; givenAt: Date }

export async function insertFeedback(db: Queryable, f: Feedback): Promise<void> {
  await db.query('INSERT INTO feedback (id, student_id, curator_id, body, given_at) VALUES ($1, $2, $3, $4, $5)',
    [f.id, f.studentId, f.curatorId, f.text, f.givenAt]);
}

/** The student's feedback, newest first, after a `[givenAt, id]` key. */
export async function listFeedback(db: Queryable, studentId: string, f: { after?: { givenAt: Date; id: string }; limit: number }): Promise<Feedback[]> {
  const { rows } = await db.query<{ id: string; student_id: string; curator_id: string; body: string; given_at: Date }>(
    `SELECT * FROM feedback WHERE student_id = $1 AND ($2::timestamptz IS NULL OR (given_at, id) < ($2, $3::uuid))
     ORDER BY given_at DESC, id DESC LIMIT $4`, [studentId, f.after?.givenAt ?? null, f.after?.id ?? null, f.limit]);
  return rows.map((r) => ({ id: r.id, studentId: r.student_id, curatorId: r.curator_id, text: r.body, givenAt: r.given_at }));
}
