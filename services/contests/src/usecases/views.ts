/** What the API shows of a contest: to admins everything but the secret seed, to students less. */
import { DRAW_ALGORITHM } from '../domain/draw.js';
import { RANK_ALGORITHM } from '../domain/mock-ranking.js';
import { entryWindow } from '../domain/lifecycle.js';
import type { AuditRecord, Contest } from '../store/contests.js';

/** Offer 12.1: the winner answers for taxes on a gift. */
export const TAX_NOTICE = {
  kk: 'Сыйлық жеңімпаз үшін салық салынатын табыс болуы мүмкін: салықтарды төлеуге жеңімпаздың өзі жауап береді (оферта, 12.1-тармақ).',
  ru: 'Приз может облагаться налогом для победителя: ответственность за уплату налогов несёт сам победитель (оферта, п. 12.1).',
};

function common(c: Contest, now: Date) {
  return {
    id: c.id,
    kind: c.kind,
    status: c.status,
    title: c.title,
    description: c.description,
    conditions: c.conditions,
    sponsor: c.sponsor,
    prizes: c.prizes,
    startsAt: c.startsAt.toISOString(),
    endsAt: c.endsAt.toISOString(),
    eligibility: c.eligibility,
    acceptingEntries: entryWindow(c, now) === 'open',
    commitment: c.commitment,
    launchedAt: c.launchedAt?.toISOString() ?? null,
    drawnAt: c.drawnAt?.toISOString() ?? null,
    taxNotice: TAX_NOTICE,
  };
}

export function contestSummary(c: Contest, now: Date) {
  return common(c, now);
}

export function studentView(c: Contest, now: Date, entries: number, audit: AuditRecord[], mine: { id: string; prize: string | null } | null) {
  return {
    ...common(c, now),
    entries,
    myEntry: mine ? { id: mine.id, prize: mine.prize } : null,
    // The public side of the audit trail: what changed and when, not which admin did it.
    history: audit.map((a) => ({ action: a.action, at: a.at.toISOString(), fields: Object.keys(a.changes) })),
  };
}

export function adminView(c: Contest, now: Date, entries: number, audit: AuditRecord[]) {
  return {
    ...common(c, now),
    entries,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
    audit: audit.map((a) => ({ actorId: a.actorId, action: a.action, changes: a.changes, at: a.at.toISOString() })),
  };
}

export function drawView(c: Contest) {
  const d = c.draw!;
  return {
    contestId: c.id,
    commitment: c.commitment!,
    seed: c.seed!.toString('hex'),
    entriesDigest: d.entriesDigest,
    entryIds: d.entryIds,
    entries: d.entryIds.length,
    algorithm: d.algorithm === RANK_ALGORITHM.id ? RANK_ALGORITHM : DRAW_ALGORITHM,
    winners: d.winners,
    drawnAt: c.drawnAt!.toISOString(),
    taxNotice: TAX_NOTICE,
  };
}
