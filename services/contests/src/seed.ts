import { readFile } from 'node:fs/promises';
import type { Pool } from '@joo/db';
import { isMainModule, runDatabaseScript } from '@joo/service-runtime';
import { insertAudit, insertContest, type ContestFields } from './store/contests.js';
import { withTransaction } from '@joo/db';

interface SeedContest extends Omit<ContestFields, 'startsAt' | 'endsAt'> { id: string; startsAt: string; endsAt: string }

/** The "50 internal grants of partner universities" contest (offer Appendix 2, item 9). */
export async function partnerGrantsContest(): Promise<SeedContest> {
  return JSON.parse(await readFile(new URL('../data/partner-grants-contest.json', import.meta.url), 'utf8')) as SeedContest;
}

/** Idempotent: the grants contest is created once, as a draft an admin reviews and launches. */
export async function seed(pool: Pool, now = new Date()): Promise<{ partnerGrants: 'created' | 'exists' }> {
  const c = await partnerGrantsContest();
  const fields: ContestFields = { ...c, startsAt: new Date(c.startsAt), endsAt: new Date(c.endsAt) };
  const created = await withTransaction(pool, async (tx) => {
    const inserted = await insertContest(tx, c.id, fields, now);
    if (inserted) await insertAudit(tx, c.id, { actorId: null, action: 'created', changes: { seeded: true }, at: now });
    return inserted;
  });
  return { partnerGrants: created ? 'created' : 'exists' };
}

if (isMainModule(import.meta.url)) {
  await runDatabaseScript('contests', 'seed', async (pool) => {
    const result = await seed(pool);
    return `partner grants contest ${result.partnerGrants}`;
  });
}
