import { decodeCursor, encodeCursor, problems } from '@joo/service-kit';

/** Token subjects are identity's user ids (UUIDs); anything else owns nothing here. */
export const isUuid = (value: string): boolean => UUID.test(value);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The id a `[id]` cursor continues after; a cursor that is not ours is a 400, never a SQL error. */
export function idCursor(cursor: string | undefined): string | undefined {
  const key = decodeCursor(cursor, 1)?.[0];
  if (key === undefined) return undefined;
  if (typeof key !== 'string' || !UUID.test(key)) throw problems.badRequest('The cursor is not valid', [{ field: 'query/cursor', message: 'is not a cursor this API returned' }]);
  return key;
}

/** Rows fetched with limit + 1: the page and the cursor of the next one. */
export function pageOf<R extends { id: string }, V>(rows: R[], limit: number, view: (r: R) => V): { items: V[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  return { items: items.map(view), nextCursor: rows.length > limit ? encodeCursor([items.at(-1)!.id]) : null };
}
