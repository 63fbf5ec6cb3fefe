import { encodeCursor, problems } from '@joo/service-kit';

/*
 * Keyset pages of leads' lists. Each list is read with LIMIT `limit` (no look-ahead row), so a full
 * page may have more behind it and gets a cursor; the page after the last full one may be empty.
 * A cursor's key is checked before it reaches SQL: anything but a key this API returned is a 400.
 */

const UUID = /^[0-9a-f-]{36}$/i;

/** The cursor after `items`, keyed by `keyOf` its last item; null when the page is not full. */
export function nextCursorAfter<T>(items: readonly T[], limit: number, keyOf: (last: T) => unknown[]): string | null {
  const last = items.at(-1);
  return items.length === limit && last ? encodeCursor(keyOf(last)) : null;
}

/** A keyset cursor of one uuid. */
export function idCursor(key: unknown[] | undefined): string | undefined {
  if (!key) return undefined;
  const [id] = key;
  if (typeof id === 'string' && UUID.test(id)) return id;
  return invalidCursor();
}

/** A keyset cursor of (instant, uuid). */
export function instantIdCursor(key: unknown[] | undefined): [string, string] | undefined {
  if (!key) return undefined;
  const [at, id] = key;
  if (typeof at === 'string' && !Number.isNaN(Date.parse(at)) && typeof id === 'string' && UUID.test(id)) return [at, id];
  return invalidCursor();
}

/** A keyset cursor of (text, uuid). */
export function stringIdCursor(key: unknown[] | undefined): [string, string] | undefined {
  if (!key) return undefined;
  const [name, id] = key;
  if (typeof name === 'string' && !name.includes('\u0000') && typeof id === 'string' && UUID.test(id)) return [name, id];
  return invalidCursor();
}

function invalidCursor(): never {
  throw problems.badRequest('The cursor is not valid', [{ field: 'query/cursor', message: 'is not a cursor this API returned' }]);
}
