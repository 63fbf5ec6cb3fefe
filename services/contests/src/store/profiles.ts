import type { Queryable } from '@joo/db';
import type { ProfileFacts } from '../domain/eligibility.js';

export interface ProfileUpdate {
  userId: string;
  region: string | null;
  locale: string | null;
  filled?: string[];
  profileSubjects?: string[] | null;
  untScores?: Record<string, number> | null;
  asOf: Date;
}

/**
 * Keeps the newest facts: an event older than what the row reflects changes nothing, and an
 * erased user stays erased. Fields an event does not carry (registration has no `filled`) keep
 * their value.
 */
export async function upsertProfile(q: Queryable, p: ProfileUpdate): Promise<void> {
  await q.query(
    `INSERT INTO profiles (user_id, region, locale, filled, profile_subjects, unt_scores, as_of)
     VALUES ($1, $2, $3, COALESCE($4::text[], '{}'), $5, $6, $7)
     ON CONFLICT (user_id) DO UPDATE SET
       region = EXCLUDED.region, locale = EXCLUDED.locale,
       filled = CASE WHEN $4::text[] IS NULL THEN profiles.filled ELSE EXCLUDED.filled END,
       profile_subjects = CASE WHEN $8 THEN EXCLUDED.profile_subjects ELSE profiles.profile_subjects END,
       unt_scores = CASE WHEN $9 THEN EXCLUDED.unt_scores ELSE profiles.unt_scores END,
       as_of = EXCLUDED.as_of
     WHERE profiles.erased_at IS NULL AND profiles.as_of <= EXCLUDED.as_of`,
    [p.userId, p.region, p.locale, p.filled ?? null, p.profileSubjects ?? null,
      p.untScores === undefined || p.untScores === null ? null : JSON.stringify(p.untScores), p.asOf,
      p.profileSubjects !== undefined, p.untScores !== undefined]);
}

/** Leaves a tombstone with nothing in it, so a late event about the user does not bring data back. */
export async function eraseProfile(q: Queryable, userId: string, now: Date): Promise<void> {
  await q.query(
    `INSERT INTO profiles (user_id, as_of, erased_at) VALUES ($1, $2, $2)
     ON CONFLICT (user_id) DO UPDATE SET region = NULL, locale = NULL, filled = '{}', profile_subjects = NULL,
       unt_scores = NULL, erased_at = $2`,
    [userId, now]);
}

export async function findProfile(q: Queryable, userId: string): Promise<ProfileFacts | null> {
  const { rows } = await q.query<{ region: string | null; locale: string | null; filled: string[] }>(
    'SELECT region, locale, filled FROM profiles WHERE user_id = $1 AND erased_at IS NULL', [userId]);
  return rows[0] ?? null;
}

/** Region and scores of everyone who gave ҰБТ scores: the input of the research export. */
export async function scoreRows(q: Queryable): Promise<Array<{ region: string | null; scores: Record<string, number> }>> {
  const { rows } = await q.query<{ region: string | null; unt_scores: Record<string, number> }>(
    `SELECT region, unt_scores FROM profiles WHERE erased_at IS NULL AND unt_scores IS NOT NULL AND unt_scores <> '{}'::jsonb`);
  return rows.map((r) => ({ region: r.region, scores: r.unt_scores }));
}
