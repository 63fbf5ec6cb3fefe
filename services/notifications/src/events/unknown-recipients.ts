import { EventNotReadyError, type EventHandler } from '@joo/bus';
import type { Envelope } from '@joo/contracts';
import type { NotificationsContext } from '../context.js';
import { RecipientUnknownError } from '../usecases/plan.js';

/**
 * How long an event about a user without contact details waits for the user's registration: it may
 * come from another stream (no order between streams) or be redelivered late after a consumer crash.
 */
export const RECIPIENT_WAIT_MS = 30 * 60_000;

/** Whether an event `ageMs` old about an unknown user still waits for the registration, or is skipped. */
export const unknownRecipientVerdict = (ageMs: number, waitMs = RECIPIENT_WAIT_MS): 'wait' | 'skip' => (ageMs < waitMs ? 'wait' : 'skip');

/**
 * `handle` with the unknown recipient decided: while the event is young it waits (EventNotReadyError:
 * the bus hands it back without counting a failed attempt); after that the user was never announced
 * (an account made without a registration event), so the event is skipped and counted, not
 * dead-lettered. Whatever the handler wrote before it found the user unknown commits with the skip.
 */
export function withUnknownRecipients(ctx: NotificationsContext, handle: EventHandler): EventHandler {
  return async (event: Envelope, tx) => {
    try {
      await handle(event, tx);
    } catch (error) {
      if (!(error instanceof RecipientUnknownError)) throw error;
      const ageMs = ctx.clock().getTime() - Date.parse(event.time);
      if (unknownRecipientVerdict(ageMs) === 'wait') throw new EventNotReadyError(`the registration of user ${error.userId}`);
      ctx.metrics.unknownRecipient(event.type);
    }
  };
}
