/**
 * The partner-grants contest "selects the best" (offer Appendix 2 item 9): its winners are ranked
 * by their best weekly mock total within the contest's period instead of drawn (DRAW.md §5). Pure.
 */
import { prizeSlots, sortEntryIds, type DrawPrize, type DrawWinner } from './draw.js';

export const RANK_ALGORITHM = {
  id: 'joo-rank-mock-v1',
  description:
    'Each entry counts its best weekly mock total (the newest score of each attempt, re-scorings included) among the mocks ' +
    'finished within the contest period [startsAt, endsAt). Entries without such a mock are not ranked. Order: best total ' +
    'descending; on a tie the entry whose best mock finished first; then entry id (lowercase UUID text) by code point. ' +
    'Prizes are expanded in the contest\'s order (each repeated `quantity` times) and the i-th ranked entry gets the i-th prize.',
  document: 'services/contests/DRAW.md',
} as const;

export interface RankedEntry { entryId: string; best: number | null; bestAt: Date | null }

export function rankByBestMock(entries: readonly RankedEntry[], prizes: readonly DrawPrize[]): { entryIds: string[]; winners: DrawWinner[] } {
  const ranked = entries
    .filter((e): e is RankedEntry & { best: number; bestAt: Date } => e.best !== null && e.bestAt !== null)
    .map((e) => ({ ...e, entryId: e.entryId.toLowerCase() }))
    .sort((a, b) => b.best - a.best || a.bestAt.getTime() - b.bestAt.getTime() || (a.entryId < b.entryId ? -1 : a.entryId > b.entryId ? 1 : 0));
  const slots = prizeSlots(prizes);
  const winners = ranked.slice(0, slots.length).map((e, i) => ({ entryId: e.entryId, prize: slots[i]!.name, taxable: slots[i]!.taxable, place: i + 1 }));
  return { entryIds: sortEntryIds(entries.map((e) => e.entryId)), winners };
}
