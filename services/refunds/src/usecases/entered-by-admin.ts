import type { Queryable } from '@joo/db';
import { problems, type FieldError } from '@joo/service-kit';
import type { RefundsContext } from '../context.js';
import { checkApplication, type ApplicationInput } from '../domain/application.js';
import { checkReceivedAt } from '../domain/claims.js';
import { isKnownUser } from '../store/known-users.js';
import { fileClaim, type ClaimInput } from './claims.js';
import { submitApplication } from './submit.js';
import type { ClaimView } from './claim-views.js';
import type { ApplicationView } from './views.js';

/**
 * Requests that reach info@joo.kz by e-mail (claims 13.2, refund applications 14.4.2), entered by
 * an admin on the student's behalf. Every deadline counts from when the e-mail arrived, not from
 * when it was typed in; the admin who entered it is recorded.
 */

interface Sender { userId?: string | undefined; receivedAt: string }

function receivedAtOrFail(value: string, now: Date): Date {
  const checked = checkReceivedAt(value, now);
  if (!checked.ok) {
    throw problems.unprocessable('invalid-received-at', `receivedAt ${checked.problem}`, { errors: [{ field: '/receivedAt', message: checked.problem }] });
  }
  return checked.value;
}

/** 13.1: a claim that names no identifiable person is not considered. */
async function claimantOrFail(db: Queryable, userId: string | undefined): Promise<string> {
  if (userId === undefined || userId.trim() === '' || !await isKnownUser(db, userId.trim())) {
    throw problems.unprocessable('anonymous-claim',
      'A claim must name an identifiable person (offer 13.1): give the userId of a registered student; find them by the e-mail\'s sender first', {
        errors: [{ field: '/userId', message: userId === undefined ? 'is required: the student the claim is from' : 'names no registered student' }],
      });
  }
  return userId.trim();
}

export async function enterClaim(ctx: RefundsContext, tx: Queryable, adminId: string, body: Sender & ClaimInput): Promise<ClaimView> {
  const receivedAt = receivedAtOrFail(body.receivedAt, ctx.clock());
  const userId = await claimantOrFail(tx, body.userId);
  return fileClaim(ctx, tx, { userId, receivedAt, channel: 'email', enteredBy: adminId }, body);
}

export interface CheckedEnteredApplication { userId: string; receivedAt: Date; input: ApplicationInput }

/**
 * Checks an e-mailed application whole, like a student's (14.4: one answer lists every missing or
 * wrong field), plus who sent it and when; the payment date may not be after the e-mail arrived.
 */
export function checkEnteredApplication(body: unknown, now: Date): { ok: true; value: CheckedEnteredApplication } | { ok: false; errors: FieldError[] } {
  const { userId, receivedAt, ...form } = (typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
  const errors: FieldError[] = [];
  if (typeof userId !== 'string' || userId.trim() === '') errors.push({ field: '/userId', message: 'is required: the student the application is from' });
  let at: Date | undefined;
  if (typeof receivedAt !== 'string') {
    errors.push({ field: '/receivedAt', message: 'is required: when the e-mail reached info@joo.kz' });
  } else {
    const checked = checkReceivedAt(receivedAt, now);
    if (checked.ok) at = checked.value; else errors.push({ field: '/receivedAt', message: checked.problem });
  }
  const application = checkApplication(form, at ?? now);
  if (!application.ok) errors.push(...application.errors);
  if (errors.length > 0 || !application.ok || !at) return { ok: false, errors };
  return { ok: true, value: { userId: (userId as string).trim(), receivedAt: at, input: application.value } };
}

/** The student's own use case, at the time the e-mail arrived; the order must be the named student's. */
export async function enterApplication(ctx: RefundsContext, tx: Queryable, adminId: string, entered: CheckedEnteredApplication): Promise<ApplicationView> {
  const view = await submitApplication(ctx, tx, entered.userId, entered.input, entered.receivedAt);
  await tx.query('UPDATE applications SET entered_by = $2 WHERE id = $1', [view.id, adminId]);
  return view;
}
