import { ConsentChanged, UserErased, UserProfileUpdated, UserRegistered, type EventData, type Envelope } from '@joo/contracts';
import type { Queryable } from '@joo/db';
import { applyContactChange } from '../store/contacts.js';
import { pseudonymiseUser } from '../usecases/erasure.js';

export const IDENTITY_TYPES = [UserRegistered.type, UserProfileUpdated.type, ConsentChanged.type, UserErased.type];

const orNull = (s: string) => (s === '' ? null : s);

/** leads' copy of the contact data: identity's events are the only source (ARCHITECTURE §1). */
export async function handleIdentityEvent(event: Envelope, tx: Queryable): Promise<void> {
  const at = new Date(event.time);
  switch (event.type) {
    case UserRegistered.type: {
      const d = event.data as EventData<typeof UserRegistered>;
      await applyContactChange(tx, d.userId, {
        fullName: orNull(d.fullName), email: orNull(d.email), phone: orNull(d.phone), region: orNull(d.region), locale: d.locale,
        offerVersion: d.offerVersion, crossBorderTransfer: d.consents.crossBorderTransfer,
      }, at);
      return;
    }
    case UserProfileUpdated.type: {
      const d = event.data as EventData<typeof UserProfileUpdated>;
      await applyContactChange(tx, d.userId, {
        fullName: orNull(d.fullName), email: orNull(d.email), phone: orNull(d.phone), region: orNull(d.region), locale: d.locale,
        ...(d.untScores !== undefined ? { untScores: d.untScores } : {}),
      }, at);
      return;
    }
    case ConsentChanged.type: {
      const d = event.data as EventData<typeof ConsentChanged>;
      await applyContactChange(tx, d.userId, { crossBorderTransfer: d.consents.crossBorderTransfer }, at);
      return;
    }
    case UserErased.type: {
      const d = event.data as EventData<typeof UserErased>;
      await pseudonymiseUser(tx, d.userId, at);
      return;
    }
    default:
  }
}
