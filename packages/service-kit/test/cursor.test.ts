import t from 'tap';
import { decodeTimeIdCursor, encodeCursor, ProblemError, timeIdPage } from '../src/index.js';

const ID = '01940000-0000-7000-8000-000000000001';

/** The status of the problem `fn` throws, or what it did instead. */
function statusOf(fn: () => unknown): number | string {
  try {
    fn();
    return 'no error';
  } catch (error) {
    return error instanceof ProblemError ? error.status : String(error);
  }
}

t.test('when a [time, id] cursor this API returned comes back, then it decodes; anything else is a 400', async (t) => {
  t.equal(decodeTimeIdCursor(undefined), undefined);
  t.same(decodeTimeIdCursor(encodeCursor(['2026-11-25T10:00:00.123Z', ID])), { at: '2026-11-25T10:00:00.123Z', id: ID });
  const bad: unknown[][] = [
    ['2026-11-25', ID], ['not a time', ID], ['+010000-01-01T00:00:00.000Z', ID], ['1970-01-01T00:00:00Z', ID],
    ['2026-11-25T10:00:00Z', 'x'], ['2026-11-25T10:00:00Z', 42], [1, ID], ['2026-11-25T10:00:00Z'],
  ];
  for (const key of bad) {
    t.equal(statusOf(() => decodeTimeIdCursor(encodeCursor(key))), 400, JSON.stringify(key));
  }
  t.equal(statusOf(() => decodeTimeIdCursor('%%%')), 400, 'not base64url JSON');
});

t.test('when rows were fetched with limit + 1, then a page has limit items and a cursor after its last only if more exist', async (t) => {
  const rows = [1, 2, 3].map((n) => ({ at: new Date(Date.UTC(2026, 0, n)), id: `${ID.slice(0, -1)}${n}` }));
  const full = timeIdPage(rows, 2, (r) => [r.at, r.id], (r) => r.id);
  t.same(full.items, [rows[0]!.id, rows[1]!.id]);
  t.same(decodeTimeIdCursor(full.nextCursor!), { at: '2026-01-02T00:00:00.000Z', id: rows[1]!.id }, 'the cursor continues after the last item');
  const last = timeIdPage(rows.slice(0, 2), 2, (r) => [r.at.toISOString(), r.id], (r) => r.id);
  t.equal(last.nextCursor, null);
});
