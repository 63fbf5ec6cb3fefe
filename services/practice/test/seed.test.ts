import t from 'tap';
import { seedDemoBank } from '../src/seed.js';
import { build } from './helper.js';

t.test('when the demo bank is seeded twice, then it is stored once, marked demo, and a newcomer can practise its free part', async (t) => {
  const b = await build(t);
  const first = await seedDemoBank(b.pool);
  t.ok(first.added > 100, `${first.added} questions`);
  t.equal(first.added, first.questions);
  t.same(await seedDemoBank(b.pool), { questions: first.questions, added: 0 }, 'idempotent');

  const listed = await b.app.inject({ method: 'GET', url: '/v1/practice/admin/questions?subject=physics&language=kk&limit=100', headers: b.admin });
  t.ok(listed.json().items.length >= 18);
  t.ok(listed.json().items.every((q: { demo: boolean }) => q.demo), 'every seeded question is marked demo');

  for (const [subject, language] of [['math', 'ru'], ['kz-history', 'kk'], ['reading-literacy', 'ru']] as const) {
    const s = await b.app.inject({ method: 'POST', url: '/v1/practice/sessions', headers: b.as(crypto.randomUUID()), payload: { subject, language, count: 10 } });
    t.equal(s.statusCode, 201, `${subject} in ${language}: free questions without a package`);
    t.equal(s.json().freeOnly, true);
  }
  const reading = await b.app.inject({ method: 'POST', url: '/v1/practice/sessions', headers: b.as(crypto.randomUUID()), payload: { subject: 'reading-literacy', language: 'kk', count: 1 } });
  t.match(reading.json().questions[0], { kind: 'context', context: { title: /демо/ } }, 'a context task comes with its text');
});
