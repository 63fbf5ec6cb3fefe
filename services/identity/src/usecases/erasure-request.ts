import { randomUUID } from 'node:crypto';
import { UserErasureScheduled } from '@joo/contracts';
import { problems } from '@joo/service-kit';
import { emit, write, type IdentityContext } from '../context.js';
import { erasureDate } from '../domain/erasure.js';
import { insertErasureRequest, pendingErasure } from '../store/erasure.js';
import { findUserById } from '../store/users.js';

/**
 * Schedules the erasure of the caller's personal data for the first day of next month (offer
 * 8.7). Asking again while one is pending answers the same date.
 */
export async function requestErasure(
  ctx: IdentityContext, userId: string, noticeEmail: string | undefined,
): Promise<{ scheduledFor: string }> {
  const now = ctx.clock();
  return write(ctx, async (tx) => {
    const user = await findUserById(tx, userId, { forUpdate: true });
    if (!user || user.status === 'erased') throw problems.notFound('No such user');
    const pending = await pendingErasure(tx, userId);
    if (pending) return { scheduledFor: pending.scheduledFor };
    const scheduledFor = erasureDate(now);
    const email = noticeEmail ?? user.email;
    if (!email) throw problems.badRequest('Say where the notice should go', [{ field: '/email', message: 'is required: the account has no e-mail' }]);
    await insertErasureRequest(tx, { id: randomUUID(), userId, now, scheduledFor, noticeEmail: email });
    await emit(tx, UserErasureScheduled, userId, { userId, scheduledFor, noticeEmail: email, locale: user.locale }, now);
    return { scheduledFor };
  });
}
