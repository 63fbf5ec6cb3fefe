import { Type, type TSchema } from 'typebox';
import { problems } from './problems.js';

/** The RFC 9457 body, for route response schemas and the OpenAPI document. */
export const ProblemSchema = Type.Object({
  type: Type.String(),
  title: Type.String(),
  status: Type.Integer(),
  detail: Type.Optional(Type.String()),
  instance: Type.Optional(Type.String()),
  code: Type.String(),
  traceId: Type.Optional(Type.String()),
  errors: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
}, { additionalProperties: true, $id: undefined });

/** `?limit=&cursor=` of every list (docs/ARCHITECTURE.md §4.4). */
export const PageQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  cursor: Type.Optional(Type.String({ maxLength: 512 })),
};

export const Paginated = <T extends TSchema>(item: T) =>
  Type.Object({ items: Type.Array(item), nextCursor: Type.Union([Type.String(), Type.Null()]) });

/** Cursors are opaque to clients: base64url JSON of the last row's sort key. */
export function encodeCursor(key: unknown[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

const badCursor = () => problems.badRequest('The cursor is not valid', [{ field: 'query/cursor', message: 'is not a cursor this API returned' }]);

export function decodeCursor(cursor: string | undefined, arity: number): unknown[] | undefined {
  if (!cursor) return undefined;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(key) && key.length === arity) return key;
  } catch { /* fall through */ }
  throw badCursor();
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The `[time, id]` key a list ordered by (time, id) continues after. Anything but a cursor this
 * API returned (an ISO time of our era and a UUID) is a 400, never a SQL error.
 */
export function decodeTimeIdCursor(cursor: string | undefined): { at: string; id: string } | undefined {
  const key = decodeCursor(cursor, 2);
  if (!key) return undefined;
  const [at, id] = key;
  if (typeof at !== 'string' || !ISO_TIME.test(at) || typeof id !== 'string' || !UUID.test(id)) throw badCursor();
  const year = new Date(at).getUTCFullYear();
  if (Number.isNaN(year) || year < 2000 || year > 9999) throw badCursor();
  return { at, id };
}

/** A page of `limit` items from `rows` fetched with `limit + 1`, with the `[time, id]` cursor after its last row. */
export function timeIdPage<R, V>(
  rows: R[], limit: number, keyOf: (row: R) => [Date | string, string], view: (row: R) => V,
): { items: V[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  if (rows.length <= limit || last === undefined) return { items: page.map(view), nextCursor: null };
  const [at, id] = keyOf(last);
  return { items: page.map(view), nextCursor: encodeCursor([at instanceof Date ? at.toISOString() : at, id]) };
}

/** Response schemas for the problem statuses a route can answer, e.g. `...problemsFor(400, 401, 404)`. */
export function problemsFor(...statuses: number[]): Record<number, typeof ProblemSchema> {
  return Object.fromEntries(statuses.map((s) => [s, ProblemSchema]));
}
