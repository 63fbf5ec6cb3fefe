import t from 'tap';
import { createPool } from '@joo/db';
import { createService } from '../src/index.js';

t.test('when a route cannot reach its database, then it answers 503 dependency-unavailable with Retry-After, and a plain error stays 500', async (t) => {
  // Nothing listens on port 1: the pool's connection is refused, as while PostgreSQL restarts.
  const pool = createPool({ connectionString: 'postgres://postgres@127.0.0.1:1/none', max: 1 });
  t.teardown(() => pool.end());
  const app = await createService({ name: 'kit-unavailable', logLevel: 'silent' });
  t.teardown(() => app.close());
  app.get('/rows', async () => (await pool.query('SELECT 1')).rows);
  app.get('/boom', async () => { throw new Error('a bug'); });

  const res = await app.inject({ method: 'GET', url: '/rows' });
  t.equal(res.statusCode, 503);
  t.match(res.headers['content-type'], /^application\/problem\+json/);
  t.equal(res.headers['retry-after'], '5');
  t.match(res.json(), { status: 503, code: 'dependency-unavailable', type: 'https://joo.kz/problems/dependency-unavailable' });
  t.notMatch(res.body, /ECONNREFUSED|127\.0\.0\.1/, 'no internals in the answer');

  const boom = await app.inject({ method: 'GET', url: '/boom' });
  t.equal(boom.statusCode, 500);
  t.equal(boom.json().code, 'internal');
});
