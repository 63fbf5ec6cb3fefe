import t from 'tap';
import { uuidv7 } from 'uuidv7';
import { ContestDrawn, ContestLaunched } from '@joo/contracts';
import { eventually } from '@joo/testing';
import { build, outbox, wire } from './helper.js';

const article = {
  title: { kk: 'Жаңа курс', ru: 'Новый курс' }, summary: { kk: 'Қысқаша', ru: 'Кратко' }, body: { kk: 'Мәтін', ru: 'Текст' },
};

t.test('when an admin writes, edits, publishes and deletes news, then only published news is public and each publication is announced once', async (t) => {
  const b = await build(t);
  const admin = b.as(uuidv7(), ['admin']);
  const draft = await b.app.inject({ method: 'POST', url: '/v1/catalog/admin/news', headers: admin, payload: article });
  t.equal(draft.statusCode, 201);
  t.match(draft.json(), { status: 'draft', publishedAt: null, origin: null });
  const id = draft.json().id;
  t.same((await b.app.inject({ method: 'GET', url: '/v1/catalog/news' })).json().items, [], 'a draft is not public');

  const edited = await b.app.inject({ method: 'PATCH', url: `/v1/catalog/admin/news/${id}`, headers: admin, payload: { title: { kk: 'Жаңа курс!', ru: 'Новый курс!' } } });
  t.equal(edited.json().title.ru, 'Новый курс!');
  const published = await b.app.inject({ method: 'POST', url: `/v1/catalog/admin/news/${id}/publish`, headers: admin });
  t.equal(published.json().status, 'published');
  await b.app.inject({ method: 'POST', url: `/v1/catalog/admin/news/${id}/publish`, headers: admin });
  t.match(await outbox(b.pool, 'catalog.news.published.v1'), [{ newsId: id, title: { ru: 'Новый курс!' }, origin: null }]);
  t.equal((await outbox(b.pool, 'catalog.news.published.v1')).length, 1);

  const kk = (await b.app.inject({ method: 'GET', url: '/v1/catalog/news?locale=kk' })).json();
  t.match(kk.items, [{ id, locale: 'kk', title: 'Жаңа курс!', summary: 'Қысқаша', body: 'Мәтін' }]);
  const ru = (await b.app.inject({ method: 'GET', url: '/v1/catalog/news' })).json();
  t.equal(ru.items[0].title, 'Новый курс!', 'Russian by default');

  t.equal((await b.app.inject({ method: 'POST', url: '/v1/catalog/admin/news', headers: b.as(uuidv7()), payload: article })).statusCode, 403);
  t.equal((await b.app.inject({ method: 'DELETE', url: `/v1/catalog/admin/news/${id}`, headers: admin })).statusCode, 204);
  t.equal((await b.app.inject({ method: 'DELETE', url: `/v1/catalog/admin/news/${id}`, headers: admin })).statusCode, 404);
  t.same((await b.app.inject({ method: 'GET', url: '/v1/catalog/news' })).json().items, []);
});

t.test('when there is more news than a page, then the cursor walks it newest first', async (t) => {
  const b = await build(t);
  const admin = b.as(uuidv7(), ['admin']);
  for (let i = 0; i < 5; i++) {
    b.clock.set(new Date(Date.UTC(2026, 0, 1 + i)));
    await b.app.inject({ method: 'POST', url: '/v1/catalog/admin/news', headers: admin, payload: { ...article, title: { kk: `№${i}`, ru: `№${i}` }, publish: true } });
  }
  const titles: string[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: Array<{ title: string }>; nextCursor: string | null } =
      (await b.app.inject({ method: 'GET', url: `/v1/catalog/news?limit=2${cursor ? `&cursor=${cursor}` : ''}` })).json();
    titles.push(...page.items.map((n) => n.title));
    cursor = page.nextCursor;
  } while (cursor);
  t.same(titles, ['№4', '№3', '№2', '№1', '№0']);
  t.equal((await b.app.inject({ method: 'GET', url: '/v1/catalog/news?cursor=WyJ4IiwieSJd' })).statusCode, 400);
});

t.test('when contests launches and draws a contest, then each becomes news once, with its origin (offer 10.4)', async (t) => {
  const b = await build(t);
  const bus = await wire(t, b);
  const contestId = uuidv7();
  const launched = {
    contestId, title: { kk: 'Грант конкурсы', ru: 'Конкурс грантов' }, description: { kk: 'Сипаттама', ru: 'Описание' },
    sponsor: { name: 'Satbayev University' }, prizes: [{ name: 'Грант', quantity: 50 }],
    startsAt: '2026-12-01T04:00:00Z', endsAt: '2027-01-31T18:59:59Z', commitment: 'ab'.repeat(32), launchedAt: '2026-11-30T10:00:00Z',
  };
  const id = await bus.publish(ContestLaunched, contestId, launched);
  await bus.publish(ContestLaunched, contestId, launched, uuidv7()); // the same launch, sent twice
  const news = async () => (await b.app.inject({ method: 'GET', url: '/v1/catalog/news?locale=ru' })).json().items as Array<Record<string, unknown>>;
  const [launchNews] = await eventually(async () => (await news()).length > 0 && news());
  t.match(launchNews, { title: 'Новый конкурс: Конкурс грантов', origin: { source: 'contests', id: contestId, kind: 'launched' } });
  t.match(launchNews!.body, /01\.12\.2026 – 31\.01\.2027/, 'dates are Almaty calendar dates (18:59 UTC is 23:59 in Almaty)');
  t.match(launchNews!.body, /Грант × 50/);
  t.ok(id);

  await bus.publish(ContestDrawn, contestId, {
    contestId, title: launched.title, entries: 1200, winners: 50, seed: 'cd'.repeat(32), commitment: launched.commitment, drawnAt: '2027-02-01T06:00:00Z',
  });
  const all = await eventually(async () => (await news()).length === 2 && news());
  t.match(all[0], { title: 'Итоги конкурса: Конкурс грантов', summary: 'Участников: 1200, победителей: 50.', origin: { kind: 'drawn' } });
  const kk = (await b.app.inject({ method: 'GET', url: '/v1/catalog/news?locale=kk' })).json().items;
  t.equal(kk[0].title, 'Конкурс қорытындысы: Грант конкурсы');
  const announced = await outbox(b.pool, 'catalog.news.published.v1');
  t.equal(announced.length, 2);
  t.match(announced[0], { origin: { source: 'contests', id: contestId } });
});
