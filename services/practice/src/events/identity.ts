/** An erased student's study record goes (ADR 0020); question statistics keep only counts. */
import { eventRouter } from '@joo/bus';
import { UserErased } from '@joo/contracts';
import { eraseStudent } from '../store/erasure.js';

export const identityRoutes = eventRouter()
  .on(UserErased, async (d, _event, tx) => {
    await eraseStudent(tx, d.userId, new Date(d.erasedAt));
  });
