import { randomBytes } from 'node:crypto';
import { uuidv7 } from 'uuidv7';
import { ContestDrawn, ContestLaunched, EntryWon } from '@joo/contracts';
import type { Queryable } from '@joo/db';
import { ProblemError, problems, decodeCursor, timeIdPage } from '@joo/service-kit';
import { emit, write, type ContestsContext } from '../context.js';
import { commitmentOf, drawWinners, DRAW_ALGORITHM, entriesDigest } from '../domain/draw.js';
import { rankByBestMock, RANK_ALGORITHM } from '../domain/mock-ranking.js';
import { bestMocksOfEntries } from '../store/mock-scores.js';
import { canDo, changesBetween, type ContestAction } from '../domain/lifecycle.js';
import {
  findContest, insertAudit, insertContest, listAudit, listContests, saveFields, saveStatus, type Contest, type ContestFields,
} from '../store/contests.js';
import { countEntries, drawableEntries, setPrize } from '../store/entries.js';
import { adminView, contestSummary, drawView } from './views.js';

const notFound = () => problems.notFound('No such contest');

function refuse(action: ContestAction, c: Contest): ProblemError {
  return problems.conflict('contest-state', `A ${c.status} contest cannot be given the action "${action}"`, { contestStatus: c.status });
}

/** The contest `id`, locked for the rest of `tx`, if `action` may be done to it in its status. */
async function contestFor(tx: Queryable, id: string, action: ContestAction): Promise<Contest> {
  const c = await findContest(tx, id, { forUpdate: true });
  if (!c) throw notFound();
  if (!canDo(action, c.status)) throw refuse(action, c);
  return c;
}

function checkWindow(f: Pick<ContestFields, 'startsAt' | 'endsAt'>): void {
  if (f.endsAt <= f.startsAt) {
    throw problems.badRequest('The contest must end after it starts', [{ field: '/endsAt', message: 'must be after startsAt' }]);
  }
}

export async function createContest(ctx: ContestsContext, actorId: string, fields: ContestFields): Promise<{ id: string }> {
  checkWindow(fields);
  const id = uuidv7();
  const now = ctx.clock();
  await write(ctx, async (tx) => {
    await insertContest(tx, id, fields, now);
    await insertAudit(tx, id, { actorId, action: 'created', changes: { ...fields }, at: now });
  });
  return { id };
}

export async function getAdminContest(ctx: ContestsContext, id: string) {
  const c = await findContest(ctx.pool, id);
  if (!c) throw notFound();
  return adminView(c, ctx.clock(), await countEntries(ctx.pool, id), await listAudit(ctx.pool, id));
}

export async function listAdminContests(ctx: ContestsContext, page: { limit: number; cursor?: string }) {
  const after = decodeCursor(page.cursor, 2) as [string, string] | undefined;
  const rows = await listContests(ctx.pool, { launchedOnly: false, limit: page.limit + 1, ...(after ? { after } : {}) });
  return timeIdPage(rows, page.limit, (c) => [c.createdAt, c.id], (c) => contestSummary(c, ctx.clock()));
}

/** PATCH: any subset of the fields; every change goes to the audit trail (offer 10.3). */
export async function updateContest(ctx: ContestsContext, actorId: string, id: string, patch: Partial<ContestFields>) {
  const now = ctx.clock();
  await write(ctx, async (tx) => {
    const c = await contestFor(tx, id, 'update');
    const current: ContestFields = {
      kind: c.kind, title: c.title, description: c.description, conditions: c.conditions, sponsor: c.sponsor,
      prizes: c.prizes, startsAt: c.startsAt, endsAt: c.endsAt, eligibility: c.eligibility,
    };
    const next: ContestFields = { ...current, ...patch };
    checkWindow(next);
    const changes = changesBetween(current as unknown as Record<string, unknown>, patch as Record<string, unknown>);
    if (Object.keys(changes).length === 0) return;
    await saveFields(tx, id, next, now);
    await insertAudit(tx, id, { actorId, action: 'updated', changes, at: now });
  });
  return getAdminContest(ctx, id);
}

/**
 * Opens the contest. The first launch makes the secret seed and publishes its commitment with the
 * news event; a relaunch after a stop keeps both, so the commitment never changes.
 */
export async function launchContest(ctx: ContestsContext, actorId: string, id: string) {
  const now = ctx.clock();
  await write(ctx, async (tx) => {
    const c = await contestFor(tx, id, 'launch');
    if (c.endsAt <= now) throw problems.conflict('contest-over', 'The contest ended already: move endsAt first');
    const first = c.seed === null;
    const seed = c.seed ?? randomBytes(32);
    const commitment = c.commitment ?? commitmentOf(seed);
    await saveStatus(tx, id, 'active', now, first ? { seed, commitment, launchedAt: now } : {});
    await insertAudit(tx, id, { actorId, action: first ? 'launched' : 'relaunched', changes: { status: { from: c.status, to: 'active' } }, at: now });
    if (first) {
      await emit(tx, ContestLaunched, id, {
        contestId: id, kind: c.kind, title: c.title, description: c.description, conditions: c.conditions, sponsor: c.sponsor,
        prizes: c.prizes.map((p) => ({ name: p.name, quantity: p.quantity, taxable: p.taxable })),
        startsAt: c.startsAt.toISOString(), endsAt: c.endsAt.toISOString(),
        ...(c.eligibility.regions && c.eligibility.regions.length > 0 ? { regions: c.eligibility.regions } : {}),
        commitment, launchedAt: now.toISOString(),
      }, now);
    }
  });
  return getAdminContest(ctx, id);
}

export async function stopContest(ctx: ContestsContext, actorId: string, id: string) {
  const now = ctx.clock();
  await write(ctx, async (tx) => {
    const c = await contestFor(tx, id, 'stop');
    await saveStatus(tx, id, 'stopped', now);
    await insertAudit(tx, id, { actorId, action: 'stopped', changes: { status: { from: c.status, to: 'stopped' } }, at: now });
  });
  return getAdminContest(ctx, id);
}

/**
 * The partner-grants contest ranks its entries by the best weekly mock in its period (DRAW.md §5);
 * every other contest draws at random from the committed seed.
 */
async function pickWinners(tx: Queryable, c: Contest & { seed: Buffer }) {
  if (c.kind === 'partner_grants') {
    const entries = await bestMocksOfEntries(tx, c.id, c.startsAt, c.endsAt);
    const ranked = rankByBestMock(entries, c.prizes);
    return {
      userOf: new Map(entries.map((e) => [e.entryId, e.userId])), algorithm: RANK_ALGORITHM.id,
      result: { sortedEntryIds: ranked.entryIds, entriesDigest: entriesDigest(ranked.entryIds), winners: ranked.winners },
    };
  }
  const entries = await drawableEntries(tx, c.id);
  return { userOf: new Map(entries.map((e) => [e.id, e.userId])), algorithm: DRAW_ALGORITHM.id, result: drawWinners(c.seed, entries.map((e) => e.id), c.prizes) };
}

/**
 * Draws the winners (DRAW.md), reveals the seed and ends the contest. The row lock keeps entries
 * out while the draw reads them (an entry takes the contest row FOR SHARE).
 */
export async function drawContest(ctx: ContestsContext, actorId: string, id: string) {
  const now = ctx.clock();
  await write(ctx, async (tx) => {
    const c = await contestFor(tx, id, 'draw');
    if (!c.seed || !c.commitment) throw refuse('draw', c);
    const seeded = { ...c, seed: c.seed };
    const { userOf, result, algorithm } = await pickWinners(tx, seeded);
    await saveStatus(tx, id, 'drawn', now, {
      drawnAt: now,
      draw: { entryIds: result.sortedEntryIds, entriesDigest: result.entriesDigest, winners: result.winners, algorithm },
    });
    await insertAudit(tx, id, {
      actorId, action: 'drawn', changes: { status: { from: c.status, to: 'drawn' }, entries: result.sortedEntryIds.length, winners: result.winners.length },
      at: now,
    });
    await emit(tx, ContestDrawn, id, {
      contestId: id, title: c.title, entries: result.sortedEntryIds.length, winners: result.winners.length,
      seed: c.seed.toString('hex'), commitment: c.commitment, entriesDigest: result.entriesDigest,
      prizes: c.prizes.map((p) => ({ name: p.name, quantity: p.quantity, taxable: p.taxable })),
      drawnAt: now.toISOString(),
    }, now);
    for (const w of result.winners) {
      await setPrize(tx, w.entryId, w.prize);
      await emit(tx, EntryWon, userOf.get(w.entryId)!, {
        contestId: id, userId: userOf.get(w.entryId)!, entryId: w.entryId, title: c.title, prize: w.prize, taxable: w.taxable,
        drawnAt: now.toISOString(),
      }, now);
    }
  });
  const drawn = (await findContest(ctx.pool, id))!;
  return drawView(drawn);
}
