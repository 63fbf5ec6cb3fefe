/**
 * Anonymised ҰБТ statistics (offer 1.3): scores grouped by region and/or subject, and any group of
 * fewer than MIN_GROUP_SIZE people left out, so no figure describes a handful of identifiable
 * students. Minimum and maximum are not given: they are single people's scores.
 */
import { quantile } from './results.js';

export const MIN_GROUP_SIZE = 5;
export const GROUP_BY = ['region', 'subject'] as const;
export type GroupKey = (typeof GROUP_BY)[number];

export interface ScoreRow { region: string | null; scores: Record<string, number> }
export interface GroupStats {
  region?: string;
  subject?: string;
  count: number;
  mean: number;
  median: number;
  p25: number;
  p75: number;
  stddev: number;
}
export interface ResearchTable { groupBy: GroupKey[]; minGroupSize: number; groups: GroupStats[]; suppressedGroups: number }

/**
 * With `subject` in groupBy each (student, subject) score counts once in its subject's group;
 * without it each student counts once with their total (the sum of their subject scores).
 */
export function untStatistics(rows: readonly ScoreRow[], groupBy: readonly GroupKey[], minGroupSize = MIN_GROUP_SIZE): ResearchTable {
  const size = Math.max(minGroupSize, MIN_GROUP_SIZE);
  const bySubject = groupBy.includes('subject');
  const byRegion = groupBy.includes('region');
  const groups = new Map<string, { region?: string; subject?: string; values: number[] }>();
  const add = (region: string | null, subject: string | null, value: number) => {
    const key = JSON.stringify([byRegion ? region : null, subject]);
    let g = groups.get(key);
    if (!g) {
      g = { values: [], ...(byRegion ? { region: region ?? 'unknown' } : {}), ...(subject !== null ? { subject } : {}) };
      groups.set(key, g);
    }
    g.values.push(value);
  };
  for (const row of rows) {
    const entries = Object.entries(row.scores).filter(([, v]) => Number.isFinite(v));
    if (entries.length === 0) continue;
    if (bySubject) for (const [subject, score] of entries) add(row.region, subject, score);
    else add(row.region, null, entries.reduce((sum, [, v]) => sum + v, 0));
  }
  const kept: GroupStats[] = [];
  let suppressed = 0;
  for (const g of groups.values()) {
    if (g.values.length < size) {
      suppressed += 1;
      continue;
    }
    const sorted = [...g.values].sort((a, b) => a - b);
    const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length;
    const variance = sorted.reduce((a, b) => a + (b - mean) ** 2, 0) / sorted.length;
    kept.push({
      ...(g.region !== undefined ? { region: g.region } : {}),
      ...(g.subject !== undefined ? { subject: g.subject } : {}),
      count: sorted.length,
      mean: Math.round(mean * 100) / 100,
      median: quantile(sorted, 0.5),
      p25: quantile(sorted, 0.25),
      p75: quantile(sorted, 0.75),
      stddev: Math.round(Math.sqrt(variance) * 100) / 100,
    });
  }
  kept.sort((a, b) => (a.region ?? '').localeCompare(b.region ?? '') || (a.subject ?? '').localeCompare(b.subject ?? ''));
  return { groupBy: [...groupBy], minGroupSize: size, groups: kept, suppressedGroups: suppressed };
}
