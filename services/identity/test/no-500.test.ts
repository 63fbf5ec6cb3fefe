import t from 'tap';
import { sweepRoutes } from '@joo/testing';
import { ADMIN, bearer, build, login } from './helper.js';

t.test('when every route of the OpenAPI document gets odd input, then it answers a problem, never a 500', async (t) => {
  const { app } = await build(t);
  const calls = await sweepRoutes(t, app, {
    // Refusing the offer closes the account the calls are made with: do it last.
    order: (a, b) => Number(a.includes('refusal')) - Number(b.includes('refusal')),
    // A fresh session per operation: an earlier call (logout, DELETE /sessions) may have ended the last one.
    headers: async () => bearer((await login(app, ADMIN.email, { device: 'fuzz', password: ADMIN.password })).accessToken),
    check: ({ method, path, url, status }) => {
      if (status === 401 && !/logout|refresh|login|refusal/.test(path)) {
        t.fail(`${method} ${url}: the session ended before the call, so the route was not exercised`);
      }
    },
  });
  t.ok(calls > 100, `${calls} calls made`);
});
