import { UserErased } from '@joo/contracts';
import { withTransaction, type Pool } from '@joo/db';
import { emit } from '../context.js';
import { almatyDate } from '../domain/erasure.js';
import { saveConsents, NO_CONSENTS } from '../store/consents.js';
import { deleteDeviceTokens } from '../store/device-tokens.js';
import { claimDueErasure, completeErasure } from '../store/erasure.js';
import { eraseUser, findUserById } from '../store/users.js';
import { wipeWarningReasons } from '../store/warnings.js';
import { ACCESS_TOKEN_TTL_SECONDS } from '../tokens/access.js';
import { revokeAndAnnounce } from '../usecases/sessions.js';

export interface ErasureSweepOptions {
  pool: Pool;
  now: Date;
  /** Wakes the relay after each committed erasure. */
  onOutboxWrite?: () => void;
  /** Stop after this many in one sweep; the next sweep continues. */
  max?: number;
}

/**
 * Erases every account whose erasure is due (offer 8.7): one transaction per user, claimed with
 * FOR UPDATE SKIP LOCKED so several replicas can sweep at once. Personal fields are wiped, the id
 * and non-personal facts stay, sessions are revoked and device tokens deleted, and identity.user.erased carries the notice
 * address (which is then dropped from the request). Returns how many accounts were erased.
 */
export async function runDueErasures(options: ErasureSweepOptions): Promise<number> {
  const today = almatyDate(options.now);
  const max = options.max ?? 1000;
  let erased = 0;
  while (erased < max) {
    const done = await withTransaction(options.pool, async (tx) => {
      const request = await claimDueErasure(tx, today);
      if (!request) return false;
      const user = await findUserById(tx, request.userId, { forUpdate: true });
      if (user && user.status !== 'erased') {
        await revokeAndAnnounce(tx, {
          userId: user.id, reason: 'erased', now: options.now, tokenTtlSeconds: ACCESS_TOKEN_TTL_SECONDS,
        });
        await eraseUser(tx, user.id, options.now);
        await wipeWarningReasons(tx, user.id);
        await deleteDeviceTokens(tx, user.id);
        await saveConsents(tx, user.id, { ...NO_CONSENTS }, 'erasure', options.now);
        await emit(tx, UserErased, user.id, {
          userId: user.id, noticeEmail: request.noticeEmail, locale: user.locale, erasedAt: options.now.toISOString(),
        }, options.now);
      }
      await completeErasure(tx, request.id, options.now);
      return true;
    });
    if (!done) break;
    erased += 1;
    options.onOutboxWrite?.();
  }
  return erased;
}
