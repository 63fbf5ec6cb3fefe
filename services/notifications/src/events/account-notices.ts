import type { EventRouter } from '@joo/bus';
import { PasswordResetRequested, UserSuspended, UserWarned } from '@joo/contracts';
import type { NotificationsContext } from '../context.js';
import { formatDateTime } from '../domain/format.js';
import { planForUser } from '../usecases/plan.js';

/**
 * Offer 7.1.3: the user is told the reason of a warning or a suspension, by e-mail and SMS (the
 * suspension also signs them out, so the message is how they learn it). The reason is the admin's
 * text, in the language they wrote it.
 */
export function routeAccountNotices(router: EventRouter, ctx: NotificationsContext): EventRouter {
  return router
    .on(UserWarned, async (d, event, tx) => {
      await planForUser(tx, ctx, { eventId: event.id, userId: d.userId, template: 'account_warning', vars: () => ({ reason: d.reason }) });
    })
    .on(UserSuspended, async (d, event, tx) => {
      await planForUser(tx, ctx, { eventId: event.id, userId: d.userId, template: 'account_suspended', vars: () => ({ reason: d.reason }) });
    })
    // Offer 6.3.1: the reset code goes only by the channel of the login it was asked for (ADR 0028).
    .on(PasswordResetRequested, async (d, event, tx) => {
      await planForUser(tx, ctx, {
        eventId: event.id, userId: d.userId, template: 'password_reset_code', channels: [d.channel],
        vars: () => ({ code: d.code, expiresAt: formatDateTime(d.expiresAt) }),
      });
    });
}
