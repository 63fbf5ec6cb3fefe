import t from 'tap';
import { seed } from '../src/seed.js';
import { adminAction, build } from './helper.js';

t.test('when the seed runs twice, then the partner grants contest exists once, as a draft', async (t) => {
  const b = await build(t);
  t.same(await seed(b.pool), { partnerGrants: 'created' });
  t.same(await seed(b.pool), { partnerGrants: 'exists' });
  const list = (await b.app.inject({ method: 'GET', url: '/v1/contests/admin/contests', headers: b.admin })).json();
  t.equal(list.items.length, 1);
  const c = list.items[0];
  t.match(c, {
    kind: 'partner_grants', status: 'draft',
    title: { ru: /50 внутренних грантов/, kk: /50 ішкі грант/ },
    prizes: [{ quantity: 50 }],
    eligibility: { requiredProfileFields: ['iin', 'profileSubjects', 'untScores'] },
  });
  t.equal((await b.app.inject({ method: 'GET', url: '/v1/contests' })).json().items.length, 0, 'students do not see it until launched');
  t.equal((await adminAction(b, c.id, 'launch')).statusCode, 200, 'an admin can launch it');
  t.same(await seed(b.pool), { partnerGrants: 'exists' }, 'a later seed leaves the launched contest alone');
});
