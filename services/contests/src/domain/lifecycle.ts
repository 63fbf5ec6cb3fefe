/**
 * A contest's life (offer 10.3: it may be launched, stopped or changed at any moment):
 * draft → active ⇄ stopped → drawn. The draw ends it; nothing changes after.
 */
export type ContestStatus = 'draft' | 'active' | 'stopped' | 'drawn';
export type ContestAction = 'launch' | 'stop' | 'draw' | 'update';

const ALLOWED: Record<ContestAction, readonly ContestStatus[]> = {
  launch: ['draft', 'stopped'],
  stop: ['active'],
  draw: ['active', 'stopped'],
  update: ['draft', 'active', 'stopped'],
};

export function canDo(action: ContestAction, status: ContestStatus): boolean {
  return ALLOWED[action].includes(status);
}

export type EntryWindow = 'open' | 'not-started' | 'ended' | 'not-active';

/** Whether the contest takes entries at `now`. */
export function entryWindow(c: { status: ContestStatus; startsAt: Date; endsAt: Date }, now: Date): EntryWindow {
  if (c.status !== 'active') return 'not-active';
  if (now < c.startsAt) return 'not-started';
  if (now >= c.endsAt) return 'ended';
  return 'open';
}

/** The fields whose values differ, as {from, to}, for the audit trail. */
export function changesBetween(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, { from: unknown; to: unknown }> {
  const out: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of Object.keys(after)) {
    if (after[key] === undefined) continue;
    if (canonical(before[key]) !== canonical(after[key])) out[key] = { from: before[key] ?? null, to: after[key] };
  }
  return out;
}

/** JSON with object keys sorted, so {kk, ru} and {ru, kk} compare equal. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
    : v));
}
