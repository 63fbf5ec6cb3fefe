/**
 * Contests' copy of the profile facts it needs, fed by identity's events (docs/ARCHITECTURE.md §1.3), and
 * the erasure of a user's personal data here when identity erases the account.
 */
import { eventRouter } from '@joo/bus';
import { UserErased, UserProfileUpdated, UserRegistered } from '@joo/contracts';
import { pseudonymiseEntries } from '../store/entries.js';
import { forgetMocks } from '../store/mock-scores.js';
import { eraseProfile, upsertProfile } from '../store/profiles.js';
import { pseudonymiseResponses } from '../store/surveys.js';

export const identityRoutes = eventRouter()
  .on(UserRegistered, async (d, event, tx) => {
    await upsertProfile(tx, { userId: d.userId, region: d.region || null, locale: d.locale, asOf: new Date(event.time) });
  })
  .on(UserProfileUpdated, async (d, event, tx) => {
    await upsertProfile(tx, {
      userId: d.userId, region: d.region || null, locale: d.locale, filled: d.filled, asOf: new Date(event.time),
      // identity leaves the list out when it is empty: `filled` says whether it was cleared.
      profileSubjects: d.profileSubjects ?? (d.filled.includes('profileSubjects') ? undefined : null),
      ...(d.untScores !== undefined ? { untScores: d.untScores } : {}),
    });
  })
  .on(UserErased, async (d, _event, tx) => {
    const at = new Date(d.erasedAt);
    await eraseProfile(tx, d.userId, at);
    await pseudonymiseEntries(tx, d.userId, at);
    await pseudonymiseResponses(tx, d.userId, at);
    await forgetMocks(tx, d.userId);
  });
