import t from 'tap';
import { build, student } from './helper.js';

const IIN = '070412650123';

t.test('when ҰБТ statistics are exported, then groups under 5 people are suppressed and nobody is named', async (t) => {
  const b = await build(t);
  const people: Array<{ fullName: string; email: string; phone: string; userId?: string }> = [];
  const add = async (region: string, scores: Record<string, number>, i: number) => {
    const who = { fullName: `Студент Тестов ${i}`, email: `s${i}@mail.kz`, phone: `+7701555${String(i).padStart(4, '0')}` };
    const s = await student(b, { ...who, region, filled: ['iin', 'untScores'], untScores: scores, profileSubjects: Object.keys(scores) });
    people.push({ ...who, userId: s.userId });
  };
  let i = 0;
  for (const score of [100, 110, 90, 120, 80, 95]) await add('almaty', { math: score, physics: score - 10 }, i++);
  for (const score of [70, 75, 80]) await add('astana', { math: score }, i++);
  for (const score of [60, 65, 70, 75, 80]) await add('astana', { biology: score }, i++);
  await student(b, { region: 'astana', filled: [] });

  const res = await b.app.inject({ method: 'GET', url: '/v1/contests/admin/research/unt?groupBy=region,subject', headers: b.admin });
  t.equal(res.statusCode, 200);
  const table = res.json();
  t.same(table.groupBy, ['region', 'subject']);
  t.equal(table.minGroupSize, 5);
  t.same(table.groups.map((g: { region: string; subject: string; count: number }) => [g.region, g.subject, g.count]),
    [['almaty', 'math', 6], ['almaty', 'physics', 6], ['astana', 'biology', 5]], 'astana/math (3 people) is left out');
  t.equal(table.suppressedGroups, 1);
  t.match(table.groups[0], { mean: 99.17, median: 97.5, p25: 91.25, p75: 107.5 });
  t.ok(table.groups.every((g: Record<string, unknown>) => !('min' in g) && !('max' in g)), 'no single person\'s score');

  const byRegion = (await b.app.inject({ method: 'GET', url: '/v1/contests/admin/research/unt?groupBy=region', headers: b.admin })).json();
  t.same(byRegion.groups.map((g: { region: string; count: number }) => [g.region, g.count]), [['almaty', 6], ['astana', 8]]);
  t.match(byRegion.groups[0], { median: 185 }, 'without subject, each student counts once with their total');
  const strict = (await b.app.inject({ method: 'GET', url: '/v1/contests/admin/research/unt?groupBy=subject&minGroupSize=7', headers: b.admin })).json();
  t.same(strict.groups.map((g: { subject: string; count: number }) => [g.subject, g.count]), [['math', 9]]);
  t.equal((await b.app.inject({ method: 'GET', url: '/v1/contests/admin/research/unt?minGroupSize=2', headers: b.admin })).statusCode, 400, 'the threshold cannot go under 5');
  t.equal((await b.app.inject({ method: 'GET', url: '/v1/contests/admin/research/unt?groupBy=name', headers: b.admin })).statusCode, 400);

  for (const body of [res.body, JSON.stringify(byRegion), JSON.stringify(strict)]) {
    for (const p of people) {
      for (const value of [p.fullName, p.email, p.phone, p.userId!]) t.notOk(body.includes(value), `the export does not hold ${value}`);
    }
    t.notOk(body.includes(IIN));
    t.notMatch(body, /"(fullName|email|phone|iin|userId)"/);
  }
  const s = await student(b);
  t.equal((await b.app.inject({ method: 'GET', url: '/v1/contests/admin/research/unt', headers: s.headers })).statusCode, 403, 'admins only');
});

t.test('when the contests database is read, then it holds no name, contact or IIN at all', async (t) => {
  const b = await build(t);
  await student(b, { fullName: 'Ерлан Нұрланов', email: 'erlan@mail.kz', phone: '+77015550001', filled: ['iin'], untScores: { math: 100 } });
  const { rows } = await b.pool.query('SELECT row_to_json(p)::text AS row FROM profiles p');
  t.equal(rows.length, 1);
  t.notMatch(rows[0].row, /Ерлан|erlan@mail\.kz|\+77015550001/);
});
