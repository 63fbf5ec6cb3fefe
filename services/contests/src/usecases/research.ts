import type { ContestsContext } from '../context.js';
import { untStatistics, type GroupKey } from '../domain/research.js';
import { scoreRows } from '../store/profiles.js';

/** The anonymised ҰБТ export (offer 1.3): statistics only, small groups suppressed. */
export async function untResearch(ctx: ContestsContext, groupBy: GroupKey[], minGroupSize?: number) {
  const table = untStatistics(await scoreRows(ctx.pool), groupBy, minGroupSize);
  return { ...table, generatedAt: ctx.clock().toISOString() };
}
