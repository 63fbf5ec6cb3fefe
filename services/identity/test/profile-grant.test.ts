import t from 'tap';
import { bearer, build, outbox, student } from './helper.js';

t.test('when a student saves the ИКТ and a grant application, then GET /me shows them normalised and profile_updated lists them', async (t) => {
  const { app, pool } = await build(t);
  const s = await student(app);
  const patch = (payload: Record<string, unknown>) => app.inject({ method: 'PATCH', url: '/v1/identity/me', headers: bearer(s.tokens.accessToken), payload });
  const res = await patch({ iktCode: '123 456 789', grantApplication: { programmeGroup: 'в057', universities: ['КазНУ им. аль-Фараби', 'ЕНУ им. Гумилёва'], submittedAt: '2027-07-20' } });
  t.equal(res.statusCode, 200, res.body);
  t.match(res.json(), { iktCode: '123456789', grantApplication: { programmeGroup: 'B057', universities: ['КазНУ им. аль-Фараби', 'ЕНУ им. Гумилёва'] } });
  t.match((await app.inject({ url: '/v1/identity/me', headers: bearer(s.tokens.accessToken) })).json(), { iktCode: '123456789' });
  const [event] = await outbox(pool, 'identity.user.profile_updated.v1', s.userId);
  t.ok((event!.filled as string[]).includes('iktCode') && (event!.filled as string[]).includes('grantApplication'));

  const bad = await patch({ iktCode: '12345', grantApplication: { programmeGroup: 'X1' } });
  t.equal(bad.statusCode, 400);
  t.same(bad.json().errors.map((e: { field: string }) => e.field).sort(), ['/grantApplication/programmeGroup', '/iktCode']);
  t.equal((await patch({ grantApplication: { programmeGroup: 'B001', universities: ['a', 'b', 'c', 'd', 'e'] } })).statusCode, 400);

  const cleared = await patch({ iktCode: null, grantApplication: null });
  t.match(cleared.json(), { iktCode: null, grantApplication: null });
});
