import { problems } from '@joo/service-kit';
import type { LeadsContext } from '../context.js';
import { checkChoices, type Choices } from '../domain/choices.js';
import { existingUniversities } from '../store/universities.js';

export async function getChoices(ctx: LeadsContext, userId: string): Promise<Choices & { updatedAt: string | null }> {
  const { rows } = await ctx.pool.query<{ universities: string[]; specialties: string[]; updated_at: Date }>(
    'SELECT universities, specialties, updated_at FROM choices WHERE user_id = $1', [userId]);
  const r = rows[0];
  return r ? { universities: r.universities, specialties: r.specialties, updatedAt: r.updated_at.toISOString() } : { universities: [], specialties: [], updatedAt: null };
}

/** Replaces the shortlist. A fifth university or specialty is 422 (offer, Appendix 2 item 8). */
export async function putChoices(ctx: LeadsContext, userId: string, choices: Choices): Promise<Choices & { updatedAt: string }> {
  const errors = checkChoices(choices);
  if (errors.length) throw problems.unprocessable('too-many-choices', errors.map((e) => `${e.field.slice(1)}: ${e.message}`).join('; '), { errors });
  const known = await existingUniversities(ctx.pool, choices.universities);
  const unknown = choices.universities.filter((id) => !known.has(id));
  if (unknown.length) {
    throw problems.unprocessable('unknown-university', `Not in the directory: ${unknown.join(', ')}`,
      { errors: [{ field: '/universities', message: `unknown ids: ${unknown.join(', ')}` }] });
  }
  const now = ctx.clock();
  await ctx.pool.query(
    `INSERT INTO choices (user_id, universities, specialties, updated_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (user_id) DO UPDATE SET universities = $2, specialties = $3, updated_at = $4`,
    [userId, choices.universities, choices.specialties, now]);
  return { ...choices, updatedAt: now.toISOString() };
}
