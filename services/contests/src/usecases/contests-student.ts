import { uuidv7 } from 'uuidv7';
import { ProblemError, problems, decodeCursor, timeIdPage } from '@joo/service-kit';
import { isUniqueViolation, write, type ContestsContext } from '../context.js';
import { checkEligibility } from '../domain/eligibility.js';
import { entryWindow } from '../domain/lifecycle.js';
import { findContest, listAudit, listContests } from '../store/contests.js';
import { countEntries, findEntryOf, insertEntry } from '../store/entries.js';
import { holdsPackage } from '../store/mock-scores.js';
import { findProfile } from '../store/profiles.js';
import { refusal } from './refusals.js';
import { contestSummary, drawView, studentView } from './views.js';

const notFound = () => problems.notFound('No such contest');

/** Launched contests (drafts are invisible), newest start first. */
export async function listPublicContests(ctx: ContestsContext, page: { limit: number; cursor?: string }) {
  const after = decodeCursor(page.cursor, 2) as [string, string] | undefined;
  const rows = await listContests(ctx.pool, { launchedOnly: true, limit: page.limit + 1, ...(after ? { after } : {}) });
  return timeIdPage(rows, page.limit, (c) => [c.startsAt, c.id], (c) => contestSummary(c, ctx.clock()));
}

export async function getPublicContest(ctx: ContestsContext, id: string, userId: string | null) {
  const c = await findContest(ctx.pool, id);
  if (!c || c.status === 'draft') throw notFound();
  const mine = userId ? await findEntryOf(ctx.pool, id, userId) : null;
  const view = studentView(c, ctx.clock(), await countEntries(ctx.pool, id), await listAudit(ctx.pool, id), mine);
  if (!userId) return { ...view, myEligibility: null };
  // Lets the site say before the attempt which profile data the student still has to give.
  const verdict = checkEligibility(await findProfile(ctx.pool, userId), c.eligibility);
  return {
    ...view,
    myEligibility: verdict.ok ? { eligible: true, missing: [] } : { eligible: false, reason: verdict.reason, missing: verdict.reason === 'profile-incomplete' ? verdict.missing : [] },
  };
}

export async function getDraw(ctx: ContestsContext, id: string) {
  const c = await findContest(ctx.pool, id);
  if (!c || c.status === 'draft') throw notFound();
  if (c.status !== 'drawn' || !c.draw) {
    throw new ProblemError(404, 'not-drawn', 'Not found', 'The winners have not been drawn yet', { commitment: c.commitment });
  }
  return drawView(c);
}

const WINDOW_TEXT = {
  'not-active': 'The contest is not running now',
  'not-started': 'The contest has not started yet',
  ended: 'The contest is over',
} as const;

/** One entry per student; the contest's profile and region requirements apply (offer 7.1.2). */
export async function enterContest(ctx: ContestsContext, userId: string, contestId: string): Promise<{ entryId: string }> {
  const now = ctx.clock();
  const entryId = uuidv7();
  let kind = '';
  try {
    await write(ctx, async (tx) => {
      // FOR SHARE: the draw locks the row FOR UPDATE, so no entry slips in while it reads them.
      const c = await findContest(tx, contestId, { forShare: true });
      if (!c || c.status === 'draft') throw notFound();
      const window = entryWindow(c, now);
      if (window !== 'open') throw problems.conflict('contest-not-open', WINDOW_TEXT[window], { contestStatus: c.status });
      const existing = await findEntryOf(tx, contestId, userId);
      if (existing) throw alreadyEntered(existing.id);
      const verdict = checkEligibility(await findProfile(tx, userId), c.eligibility);
      if (!verdict.ok) throw refusal(verdict, 'contest');
      // Offer Appendix 2 item 9: the partner universities' grants are for package holders.
      if (c.kind === 'partner_grants' && !(await holdsPackage(tx, userId, now))) {
        throw problems.forbidden('The partner-grants contest is open to students holding a package', 'package-required');
      }
      kind = c.kind;
      await insertEntry(tx, { id: entryId, contestId, userId, now });
    });
  } catch (error) {
    // Two requests at once: the unique constraint decides, the loser is told like any second entry.
    if (isUniqueViolation(error, 'entries_one_per_user')) {
      const existing = await findEntryOf(ctx.pool, contestId, userId);
      throw alreadyEntered(existing?.id ?? null);
    }
    throw error;
  }
  ctx.metrics.entries.inc({ kind });
  return { entryId };
}

function alreadyEntered(entryId: string | null): ProblemError {
  return problems.conflict('already-entered', 'You have entered this contest already', { entryId });
}
