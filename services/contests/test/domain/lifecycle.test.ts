import t from 'tap';
import { canDo, changesBetween, entryWindow, type ContestAction, type ContestStatus } from '../../src/domain/lifecycle.js';

t.test('when an action meets a status, then only the documented moves are allowed', async (t) => {
  const table: Array<[ContestAction, ContestStatus[], ContestStatus[]]> = [
    ['launch', ['draft', 'stopped'], ['active', 'drawn']],
    ['stop', ['active'], ['draft', 'stopped', 'drawn']],
    ['draw', ['active', 'stopped'], ['draft', 'drawn']],
    ['update', ['draft', 'active', 'stopped'], ['drawn']],
  ];
  for (const [action, yes, no] of table) {
    for (const s of yes) t.ok(canDo(action, s), `${action} from ${s}`);
    for (const s of no) t.notOk(canDo(action, s), `no ${action} from ${s}`);
  }
});

t.test('when entries arrive, then only an active contest inside its window takes them', async (t) => {
  const c = { startsAt: new Date('2027-01-01T00:00:00Z'), endsAt: new Date('2027-02-01T00:00:00Z') };
  const table: Array<[ContestStatus, string, string]> = [
    ['active', '2027-01-15T00:00:00Z', 'open'],
    ['active', '2027-01-01T00:00:00Z', 'open'],
    ['active', '2026-12-31T23:59:59Z', 'not-started'],
    ['active', '2027-02-01T00:00:00Z', 'ended'],
    ['stopped', '2027-01-15T00:00:00Z', 'not-active'],
    ['draft', '2027-01-15T00:00:00Z', 'not-active'],
  ];
  for (const [status, now, expected] of table) t.equal(entryWindow({ ...c, status }, new Date(now)), expected, `${status} at ${now}`);
});

t.test('when a change is compared, then only the fields that differ are recorded', async (t) => {
  const before = { title: { kk: 'a', ru: 'b' }, prizes: [{ name: 'x', quantity: 1 }], sponsor: { name: 'S' } };
  t.same(changesBetween(before, { title: { ru: 'b', kk: 'a' } }), {}, 'key order does not matter');
  t.same(changesBetween(before, { sponsor: { name: 'T' }, prizes: undefined }), { sponsor: { from: { name: 'S' }, to: { name: 'T' } } });
  t.same(changesBetween(before, { kind: 'general' }), { kind: { from: null, to: 'general' } });
});
