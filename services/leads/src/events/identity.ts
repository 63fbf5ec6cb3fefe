import { eventRouter } from '@joo/bus';
import { ConsentChanged, UserErased, UserProfileUpdated, UserRegistered } from '@joo/contracts';
import { applyContactChange } from '../store/contacts.js';
import { pseudonymiseUser } from '../usecases/erasure.js';

const orNull = (s: string) => (s === '' ? null : s);

/** leads' copy of the contact data: identity's events are the only source (docs/ARCHITECTURE.md §1.3). */
export const identityRoutes = eventRouter()
  .on(UserRegistered, async (d, event, tx) => {
    await applyContactChange(tx, d.userId, {
      fullName: orNull(d.fullName), email: orNull(d.email), phone: orNull(d.phone), region: orNull(d.region), locale: d.locale,
      offerVersion: d.offerVersion, crossBorderTransfer: d.consents.crossBorderTransfer,
    }, new Date(event.time));
  })
  .on(UserProfileUpdated, async (d, event, tx) => {
    await applyContactChange(tx, d.userId, {
      fullName: orNull(d.fullName), email: orNull(d.email), phone: orNull(d.phone), region: orNull(d.region), locale: d.locale,
      ...(d.untScores !== undefined ? { untScores: d.untScores } : {}),
    }, new Date(event.time));
  })
  .on(ConsentChanged, async (d, event, tx) => {
    await applyContactChange(tx, d.userId, { crossBorderTransfer: d.consents.crossBorderTransfer }, new Date(event.time));
  })
  .on(UserErased, async (d, event, tx) => {
    await pseudonymiseUser(tx, d.userId, new Date(event.time));
  });
