import t from 'tap';
import { ADMIN, bearer, build, login } from './helper.js';

// Bodies a careless or hostile client might send; none of them may reach a 500.
const ODD_BODIES: unknown[] = [
  undefined, null, [], 'text', 42, {},
  { login: '\u0000', password: '\u0000', fullName: 'a\u0000b', email: 'x\u0000@y.kz', reason: '\u0000' },
  { iin: '9'.repeat(12), birthDate: '2024-02-30', untScores: { math: 1e308 }, profileSubjects: ['x'.repeat(10_000)] },
  { text: { kk: '', ru: '' }, version: -1, refreshToken: 'x'.repeat(5000), device: { id: '', name: '' } },
  { marketingEmail: 'yes', q: { $ne: null }, limit: 1e9, cursor: '!!!' },
  // Well-shaped bodies but for a NUL character, so they get past the schema to the database.
  { login: 'a\u0000b@x.kz', password: 'long enough password', device: { id: 'd\u0000', name: 'n' } },
  { fullName: 'a\u0000b', address: 'x\u0000', untScores: { ['math\u0000']: 100 } },
  { text: { kk: 'a\u0000', ru: 'b' } },
  { reason: 'x\u0000' },
];

t.test('when every route of the OpenAPI document gets odd input, then it answers a problem, never a 500', async (t) => {
  const { app } = await build(t);
  const doc = (await app.inject('/openapi.json')).json() as { paths: Record<string, Record<string, unknown>> };
  // Refusing the offer closes the account the calls are made with: do it last.
  const paths = Object.entries(doc.paths).sort(([a], [b]) => Number(a.includes('refusal')) - Number(b.includes('refusal')));
  let calls = 0;
  for (const [path, operations] of paths) {
    for (const method of Object.keys(operations).map((m) => m.toUpperCase())) {
      // A fresh session per operation: an earlier call (logout, DELETE /sessions) may have ended the last one.
      const admin = await login(app, ADMIN.email, { device: 'fuzz', password: ADMIN.password });
      for (const id of ['not-a-uuid', '01890a5d-ac96-774b-bcce-b302099a8057', 'urn:uuid:01890a5d-ac96-774b-bcce-b302099a8057']) {
        const base = path.replace(/\{[^}]+\}/g, id);
        const requests = [
          ...(method === 'GET' || method === 'DELETE' ? [undefined] : ODD_BODIES).map((body) => ({ url: `${base}?limit=-1&cursor=!!!&q=%25`, body })),
          { url: `${base}?q=a%00b`, body: undefined },
        ];
        for (const { url, body } of requests) {
          const res = await app.inject({
            method: method as 'GET', url, headers: { ...bearer(admin.accessToken), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
            ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
          });
          calls += 1;
          if (res.statusCode === 401 && !/logout|refresh|login|refusal/.test(path)) {
            t.fail(`${method} ${url}: the session ended before the call, so the route was not exercised`);
          }
          if (res.statusCode >= 500) t.fail(`${method} ${url} ${JSON.stringify(body)?.slice(0, 80)} → ${res.statusCode} ${res.body.slice(0, 200)}`);
          if (res.statusCode >= 400) t.match(res.headers['content-type'], /application\/problem\+json/, `${method} ${path} answers problem+json`);
        }
      }
    }
  }
  t.ok(calls > 100, `${calls} calls made`);
});
