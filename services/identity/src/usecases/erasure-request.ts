import { randomUUID } from 'node:crypto';
import { UserErasureScheduled } from '@joo/contracts';
import { problems } from '@joo/service-kit';
import { emit, write, type IdentityContext } from '../context.js';
import { erasureDate } from '../domain/erasure.js';
import { insertErasureRequest, pendingErasure, rescheduleErasure } from '../store/erasure.js';
import { findUserById } from '../store/users.js';

export interface ErasureRequestInput {
  userId: string;
  /** when the request reached the Company: the deadline counts from it (offer 8.7) */
  receivedAt: Date;
  /** where the notice goes; default the account e-mail */
  noticeEmail?: string;
  /** the admin who entered a request received by e-mail; null when the user asked in the app */
  enteredBy: string | null;
}

/**
 * Schedules the erasure of a user's personal data for the first day of the month after the one
 * the request was received in (offer 8.7). Asking again while one is pending keeps the earlier
 * date: a request received earlier by e-mail moves the pending one forward.
 */
export async function scheduleErasure(ctx: IdentityContext, input: ErasureRequestInput): Promise<{ scheduledFor: string; receivedAt: string }> {
  const now = ctx.clock();
  const { userId } = input;
  return write(ctx, async (tx) => {
    const user = await findUserById(tx, userId, { forUpdate: true });
    if (!user || user.status === 'erased') throw problems.notFound('No such user');
    const scheduledFor = erasureDate(input.receivedAt);
    const pending = await pendingErasure(tx, userId);
    if (pending && pending.scheduledFor <= scheduledFor) return { scheduledFor: pending.scheduledFor, receivedAt: pending.receivedAt };
    const email = input.noticeEmail ?? pending?.noticeEmail ?? user.email;
    if (!email) throw problems.badRequest('Say where the notice should go', [{ field: '/email', message: 'is required: the account has no e-mail' }]);
    if (pending) await rescheduleErasure(tx, pending.id, { scheduledFor, receivedAt: input.receivedAt, enteredBy: input.enteredBy, noticeEmail: email });
    else await insertErasureRequest(tx, { id: randomUUID(), userId, now, receivedAt: input.receivedAt, enteredBy: input.enteredBy, scheduledFor, noticeEmail: email });
    await emit(tx, UserErasureScheduled, userId, { userId, scheduledFor, noticeEmail: email, locale: user.locale }, now);
    return { scheduledFor, receivedAt: input.receivedAt.toISOString() };
  });
}

/** The user's own request, received now. */
export async function requestErasure(
  ctx: IdentityContext, userId: string, noticeEmail: string | undefined,
): Promise<{ scheduledFor: string }> {
  const { scheduledFor } = await scheduleErasure(ctx, {
    userId, receivedAt: ctx.clock(), enteredBy: null, ...(noticeEmail === undefined ? {} : { noticeEmail }),
  });
  return { scheduledFor };
}
