import { decodeCursor, decodeTimeIdCursor, encodeCursor, problems, timeIdPage } from '@joo/service-kit';
import type { BillingContext } from '../context.js';
import { listOrdersByStatus, type OrderStatus } from '../store/orders.js';
import { listPayouts, type Payout } from '../store/payouts.js';
import { orderView } from './orders.js';

const badCursor = () => problems.badRequest('The cursor is not valid', [{ field: 'query/cursor', message: 'is not a cursor this API returned' }]);

export async function ordersInStatus(ctx: BillingContext, status: OrderStatus, limit: number, cursor: string | undefined) {
  const key = decodeTimeIdCursor(cursor);
  const rows = await listOrdersByStatus(ctx.pool, status, limit + 1, key && { createdAt: key.at, id: key.id });
  return timeIdPage(rows, limit, (o) => [o.createdAt, o.id], orderView);
}

export async function payoutsInStatus(ctx: BillingContext, status: Payout['status'], limit: number, cursor: string | undefined) {
  const key = decodeCursor(cursor, 1);
  if (key && (typeof key[0] !== 'string' || key[0].length > 200)) throw badCursor();
  const rows = await listPayouts(ctx.pool, status, limit + 1, key?.[0] as string | undefined);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map((p) => ({ ...p, createdAt: p.createdAt.toISOString(), paidAt: p.paidAt?.toISOString() ?? null })),
    nextCursor: rows.length > limit && last ? encodeCursor([last.applicationId]) : null,
  };
}
