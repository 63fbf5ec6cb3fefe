/**
 * Contests' copy of the profile facts it needs, fed by identity's events (docs/ARCHITECTURE.md §1.3), and
 * the erasure of a user's personal data here when identity erases the account.
 */
import type { EventHandler } from '@joo/bus';
import { UserErased, UserProfileUpdated, UserRegistered, type EventData } from '@joo/contracts';
import { pseudonymiseEntries } from '../store/entries.js';
import { eraseProfile, upsertProfile } from '../store/profiles.js';
import { pseudonymiseResponses } from '../store/surveys.js';

export const IDENTITY_TYPES = [UserRegistered.type, UserProfileUpdated.type, UserErased.type];

export const handleIdentityEvent: EventHandler = async (event, tx) => {
  const asOf = new Date(event.time);
  switch (event.type) {
    case UserRegistered.type: {
      const d = event.data as EventData<typeof UserRegistered>;
      await upsertProfile(tx, { userId: d.userId, region: d.region || null, locale: d.locale, asOf });
      return;
    }
    case UserProfileUpdated.type: {
      const d = event.data as EventData<typeof UserProfileUpdated>;
      await upsertProfile(tx, {
        userId: d.userId, region: d.region || null, locale: d.locale, filled: d.filled, asOf,
        // identity leaves the list out when it is empty: `filled` says whether it was cleared.
        profileSubjects: d.profileSubjects ?? (d.filled.includes('profileSubjects') ? undefined : null),
        ...(d.untScores !== undefined ? { untScores: d.untScores } : {}),
      });
      return;
    }
    case UserErased.type: {
      const d = event.data as EventData<typeof UserErased>;
      const at = new Date(d.erasedAt);
      await eraseProfile(tx, d.userId, at);
      await pseudonymiseEntries(tx, d.userId, at);
      await pseudonymiseResponses(tx, d.userId, at);
      return;
    }
  }
};
