/** identity's users: who a claim entered by an admin may name (offer 13.1). */
import { eventRouter } from '@joo/bus';
import { UserErased, UserRegistered } from '@joo/contracts';
import { forgetUser, rememberUser } from '../store/known-users.js';

export const identityRoutes = eventRouter()
  .on(UserRegistered, async (d, _event, tx) => {
    await rememberUser(tx, d.userId, new Date(d.registeredAt));
  })
  .on(UserErased, async (d, _event, tx) => {
    await forgetUser(tx, d.userId);
  });
