import type { Queryable } from '@joo/db';

export interface ContextRecord { id: string; subject: string; language: 'kk' | 'ru'; title: string; text: string; createdAt: Date }

interface Row { id: string; subject: string; language: 'kk' | 'ru'; title: string; body: string; created_at: Date }
const record = (r: Row): ContextRecord => ({ id: r.id, subject: r.subject, language: r.language, title: r.title, text: r.body, createdAt: r.created_at });

export async function insertContext(db: Queryable, c: ContextRecord & { by: string }): Promise<void> {
  await db.query('INSERT INTO contexts (id, subject, language, title, body, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING',
    [c.id, c.subject, c.language, c.title, c.text, c.by, c.createdAt]);
}

export async function findContexts(db: Queryable, ids: string[]): Promise<Map<string, ContextRecord>> {
  if (ids.length === 0) return new Map();
  const { rows } = await db.query<Row>('SELECT id, subject, language, title, body, created_at FROM contexts WHERE id = ANY($1::uuid[])', [ids]);
  return new Map(rows.map((r) => [r.id, record(r)]));
}

export async function listContexts(db: Queryable, f: { subject?: string; language?: string; after?: { createdAt: Date; id: string }; limit: number }): Promise<ContextRecord[]> {
  const { rows } = await db.query<Row>(
    `SELECT id, subject, language, title, body, created_at FROM contexts
     WHERE ($1::text IS NULL OR subject = $1) AND ($2::text IS NULL OR language = $2)
       AND ($3::timestamptz IS NULL OR (created_at, id) > ($3, $4::uuid))
     ORDER BY created_at, id LIMIT $5`,
    [f.subject ?? null, f.language ?? null, f.after?.createdAt ?? null, f.after?.id ?? null, f.limit]);
  return rows.map(record);
}
