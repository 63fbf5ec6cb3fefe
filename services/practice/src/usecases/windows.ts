import { MockWindowOpened } from '@joo/contracts';
import type { Queryable } from '@joo/db';
import { problems } from '@joo/service-kit';
import { emit, write, type PracticeContext } from '../context.js';
import { adminWindowProblems, currentOrNextWeekly, weeklyWindowsBetween, type WindowSpan } from '../domain/weekly-windows.js';
import { claimUnannouncedWindow, ensureWeeklyWindow, insertAdminWindow, windowOpenAt, windowsFrom, type MockWindow } from '../store/windows.js';

/** An admin window: 400 on a bad span, 409 `window-overlaps` when it overlaps the weekly schedule or a stored window. */
export async function addAdminWindow(ctx: PracticeContext, adminId: string, w: WindowSpan): Promise<{ id: string }> {
  const now = ctx.clock();
  const errors = adminWindowProblems(w, now);
  if (errors.length > 0) throw problems.badRequest('The window is not a usable span', errors);
  if (ctx.weekly && weeklyWindowsBetween(ctx.weekly, w.opensAt, w.closesAt).length > 0) {
    throw problems.conflict('window-overlaps', 'The window overlaps the weekly mock window; windows never overlap');
  }
  const id = await insertAdminWindow(ctx.pool, { ...w, createdBy: adminId, now });
  if (!id) throw problems.conflict('window-overlaps', 'The window overlaps another mock window; windows never overlap');
  return { id };
}

/** Stores the weekly window open now or next, so it has an id (idempotent; an overlapping admin window wins). */
export async function storeWeeklyWindow(ctx: PracticeContext, db: Queryable, now: Date): Promise<void> {
  if (ctx.weekly) await ensureWeeklyWindow(db, currentOrNextWeekly(ctx.weekly, now), now);
}

/** The window open now, storing the weekly one first when it is the one open. */
export async function openWindow(ctx: PracticeContext, now: Date): Promise<MockWindow | null> {
  const stored = await windowOpenAt(ctx.pool, now);
  if (stored || !ctx.weekly) return stored;
  await storeWeeklyWindow(ctx, ctx.pool, now);
  return windowOpenAt(ctx.pool, now);
}

/** Windows open now and to come. */
export async function listWindows(ctx: PracticeContext) {
  const now = ctx.clock();
  let windows = await windowsFrom(ctx.pool, now);
  // Students poll this: the weekly window is written only the first time it is missing.
  const weekly = ctx.weekly && currentOrNextWeekly(ctx.weekly, now);
  if (weekly && !windows.some((w) => w.opensAt.getTime() === weekly.opensAt.getTime())) {
    await storeWeeklyWindow(ctx, ctx.pool, now);
    windows = await windowsFrom(ctx.pool, now);
  }
  return {
    items: windows.map((w) => ({
      id: w.id, opensAt: w.opensAt.toISOString(), closesAt: w.closesAt.toISOString(), source: w.source, open: w.opensAt <= now,
    })),
  };
}

/** Writes practice.mock.window.opened.v1 for each window that has opened and was not announced; returns how many. */
export async function announceOpenedWindows(ctx: PracticeContext, now: Date): Promise<number> {
  await storeWeeklyWindow(ctx, ctx.pool, now);
  let announced = 0;
  for (;;) {
    const done = await write(ctx, async (tx) => {
      const w = await claimUnannouncedWindow(tx, now);
      if (!w) return false;
      await emit(tx, MockWindowOpened, w.id, { windowId: w.id, opensAt: w.opensAt.toISOString(), closesAt: w.closesAt.toISOString(), source: w.source }, now);
      return true;
    });
    if (!done) return announced;
    announced += 1;
  }
}
