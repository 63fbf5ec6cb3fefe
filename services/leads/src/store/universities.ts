import type { Queryable } from '@joo/db';

export interface Bilingual { kk: string; ru: string }

export interface ProgrammeInput { code: string; name: Bilingual }
export interface Programme extends ProgrammeInput { id: string }

export interface UniversityInput {
  name: Bilingual;
  region: string;
  city: string | null;
  country: string;
  languages: string[];
  website: string | null;
  grants: { state: boolean; internal: number; note: Bilingual | null };
  programmes: ProgrammeInput[];
}

export interface University extends Omit<UniversityInput, 'programmes'> {
  id: string;
  programmes: Programme[];
  updatedAt: string;
}

interface Row {
  id: string; name_kk: string; name_ru: string; region: string; city: string | null; country: string; languages: string[];
  website: string | null; state_grants: boolean; internal_grants: number; grant_note_kk: string | null; grant_note_ru: string | null;
  updated_at: Date;
}

const COLUMNS = `id, name_kk, name_ru, region, city, country, languages, website, state_grants, internal_grants,
  grant_note_kk, grant_note_ru, updated_at`;

function toUniversity(r: Row, programmes: Programme[]): University {
  return {
    id: r.id, name: { kk: r.name_kk, ru: r.name_ru }, region: r.region, city: r.city, country: r.country, languages: r.languages,
    website: r.website,
    grants: {
      state: r.state_grants, internal: r.internal_grants,
      note: r.grant_note_kk !== null && r.grant_note_ru !== null ? { kk: r.grant_note_kk, ru: r.grant_note_ru } : null,
    },
    programmes, updatedAt: r.updated_at.toISOString(),
  };
}

async function programmesOf(db: Queryable, ids: string[]): Promise<Map<string, Programme[]>> {
  const byUniversity = new Map<string, Programme[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return byUniversity;
  const { rows } = await db.query<{ id: string; university_id: string; code: string; name_kk: string; name_ru: string }>(
    'SELECT id, university_id, code, name_kk, name_ru FROM programmes WHERE university_id = ANY($1::uuid[]) ORDER BY code', [ids]);
  for (const p of rows) byUniversity.get(p.university_id)?.push({ id: p.id, code: p.code, name: { kk: p.name_kk, ru: p.name_ru } });
  return byUniversity;
}

export async function findUniversity(db: Queryable, id: string, options: { includeDeleted?: boolean } = {}): Promise<University | null> {
  const { rows } = await db.query<Row>(
    `SELECT ${COLUMNS} FROM universities WHERE id = $1 ${options.includeDeleted ? '' : 'AND deleted_at IS NULL'}`, [id]);
  const row = rows[0];
  if (!row) return null;
  return toUniversity(row, (await programmesOf(db, [id])).get(id) ?? []);
}

/** The directory, by name (Russian collation order is close enough for both languages), keyset-paged. */
export async function listUniversities(
  db: Queryable, filter: { region?: string; q?: string; after?: [string, string]; limit: number },
): Promise<University[]> {
  const pattern = filter.q ? `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const { rows } = await db.query<Row>(
    `SELECT ${COLUMNS} FROM universities u
     WHERE deleted_at IS NULL
       AND ($1::text IS NULL OR region = $1)
       AND ($2::text IS NULL OR name_kk ILIKE $2 OR name_ru ILIKE $2
            OR EXISTS (SELECT 1 FROM programmes p WHERE p.university_id = u.id
                       AND (p.code ILIKE $2 OR p.name_kk ILIKE $2 OR p.name_ru ILIKE $2)))
       AND ($3::text IS NULL OR (name_ru, id) > ($3, $4::uuid))
     ORDER BY name_ru, id LIMIT $5`,
    [filter.region ?? null, pattern, filter.after?.[0] ?? null, filter.after?.[1] ?? null, filter.limit]);
  const programmes = await programmesOf(db, rows.map((r) => r.id));
  return rows.map((r) => toUniversity(r, programmes.get(r.id) ?? []));
}

/** Writes the university and makes its programmes exactly `input.programmes` (ids kept per code). */
export async function saveUniversity(db: Queryable, id: string, input: UniversityInput, now: Date, newProgrammeId: () => string): Promise<void> {
  await db.query(
    `INSERT INTO universities (id, name_kk, name_ru, region, city, country, languages, website, state_grants, internal_grants,
       grant_note_kk, grant_note_ru, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13)
     ON CONFLICT (id) DO UPDATE SET name_kk = $2, name_ru = $3, region = $4, city = $5, country = $6, languages = $7,
       website = $8, state_grants = $9, internal_grants = $10, grant_note_kk = $11, grant_note_ru = $12, updated_at = $13`,
    [id, input.name.kk, input.name.ru, input.region, input.city, input.country, input.languages, input.website,
      input.grants.state, input.grants.internal, input.grants.note?.kk ?? null, input.grants.note?.ru ?? null, now]);
  const codes = input.programmes.map((p) => p.code);
  await db.query('DELETE FROM programmes WHERE university_id = $1 AND NOT (code = ANY($2::text[]))', [id, codes]);
  for (const p of input.programmes) {
    await db.query(
      `INSERT INTO programmes (id, university_id, code, name_kk, name_ru) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (university_id, code) DO UPDATE SET name_kk = $4, name_ru = $5`,
      [newProgrammeId(), id, p.code, p.name.kk, p.name.ru]);
  }
}

/** Takes the university out of the directory; its leads, partners' history and ledger stay. */
export async function deleteUniversity(db: Queryable, id: string, now: Date): Promise<boolean> {
  const { rowCount } = await db.query('UPDATE universities SET deleted_at = $2 WHERE id = $1 AND deleted_at IS NULL', [id, now]);
  return (rowCount ?? 0) > 0;
}

/** Which of `ids` are live universities. */
export async function existingUniversities(db: Queryable, ids: string[]): Promise<Set<string>> {
  const { rows } = await db.query<{ id: string }>('SELECT id FROM universities WHERE id = ANY($1::uuid[]) AND deleted_at IS NULL', [ids]);
  return new Set(rows.map((r) => r.id));
}
