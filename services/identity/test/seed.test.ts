import t from 'tap';
import { UserRegistered } from '@joo/contracts';
import { seed } from '../src/seed.js';
import { findUserByLogin } from '../src/store/users.js';
import { ADMIN, build, outbox } from './helper.js';

t.test('when the seed creates the admin, then it announces the account with user.registered in the same transaction, once', async (t) => {
  const b = await build(t); // seeds the admin
  const admin = await findUserByLogin(b.pool, { email: ADMIN.email });
  t.ok(admin, 'the admin exists');
  const events = await outbox(b.pool, UserRegistered.type, admin!.id);
  t.equal(events.length, 1, 'one user.registered for the admin');
  t.match(events[0], {
    userId: admin!.id, fullName: 'Administrator', email: ADMIN.email, phone: '', region: '', locale: 'ru', roles: ['admin'], offerVersion: 0,
    consents: { marketingEmail: false, marketingSms: false, marketingCalls: false, crossBorderTransfer: false },
  });

  t.equal((await seed(b.pool, ADMIN)).admin, 'exists');
  t.equal((await outbox(b.pool, UserRegistered.type, admin!.id)).length, 1, 'seeding again announces nothing more');
});
