import { uuidv7 } from 'uuidv7';
import { localDate } from '@joo/calendar';
import { ClaimAnswered } from '@joo/contracts';
import type { Queryable } from '@joo/db';
import { decodeTimeIdCursor, problems, timeIdPage } from '@joo/service-kit';
import { emit, write, type RefundsContext } from '../context.js';
import { answerDueBy } from '../domain/claims.js';
import { findClaim, insertClaim, listClaims, listUserClaims, markAnswered, type Claim, type ClaimChannel, type ClaimStatus } from '../store/claims.js';
import { orderOwner } from '../store/order-owner.js';
import { adminClaimView, claimView, type AdminClaimView, type ClaimView } from './claim-views.js';

export interface ClaimInput { subject: string; text: string; orderId?: string | undefined }

/** Who the claim is from and how it reached the company: filed on the platform, or received by e-mail and entered by an admin. */
export interface ClaimOrigin { userId: string; receivedAt: Date; channel: ClaimChannel; enteredBy: string | null }

/**
 * Records a claim (offer §13) in `tx`. The answer is due 90 calendar days after receipt (13.2),
 * counted from when it reached the company, also when an admin enters it later. An order it names
 * must be the claimant's: anyone else's, or one refunds never heard of, does not exist for them.
 */
export async function fileClaim(ctx: RefundsContext, tx: Queryable, origin: ClaimOrigin, input: ClaimInput): Promise<ClaimView> {
  const orderId = input.orderId?.toLowerCase() ?? null;
  if (orderId !== null && await orderOwner(tx, orderId) !== origin.userId) {
    throw problems.notFound(origin.channel === 'platform' ? 'There is no such order of yours' : 'This user has no such order');
  }
  const claim: Claim = {
    id: uuidv7(), userId: origin.userId, orderId, subject: input.subject.trim(), text: input.text.trim(), channel: origin.channel, enteredBy: origin.enteredBy,
    receivedAt: origin.receivedAt, answerDueBy: answerDueBy(origin.receivedAt), createdAt: ctx.clock(),
    status: 'received', answer: null, answeredAt: null, answeredBy: null,
  };
  await insertClaim(tx, claim);
  return claimView(claim);
}

function pageAfter(cursor: string | undefined) {
  const key = decodeTimeIdCursor(cursor);
  return key && { receivedAt: key.at, id: key.id };
}

const page = <T>(rows: Claim[], limit: number, view: (c: Claim) => T) => timeIdPage(rows, limit, (c) => [c.receivedAt, c.id], view);

/** The owner's claim, or any claim for an admin; anyone else is told it does not exist. */
export async function getClaim(ctx: RefundsContext, caller: { sub: string; roles: readonly string[] }, id: string): Promise<ClaimView | AdminClaimView> {
  const claim = await findClaim(ctx.pool, id);
  if (claim && caller.roles.includes('admin')) return adminClaimView(claim, localDate(ctx.clock()));
  if (!claim || claim.userId !== caller.sub) throw problems.notFound('There is no such claim of yours');
  return claimView(claim);
}

export async function listMyClaims(ctx: RefundsContext, userId: string, limit: number, cursor?: string) {
  return page(await listUserClaims(ctx.pool, userId, limit + 1, pageAfter(cursor)), limit, claimView);
}

export async function listClaimsForAdmin(ctx: RefundsContext, status: ClaimStatus | undefined, limit: number, cursor?: string) {
  const today = localDate(ctx.clock());
  return page(await listClaims(ctx.pool, status ?? null, limit + 1, pageAfter(cursor)), limit, (c) => adminClaimView(c, today));
}

/**
 * Answers a claim once; the student gets the answer by e-mail from the event (notifications). A
 * second answer is refused: the student has already been sent the first.
 */
export async function answerClaim(ctx: RefundsContext, adminId: string, id: string, answer: string): Promise<AdminClaimView> {
  const now = ctx.clock();
  return write(ctx, async (tx) => {
    const claim = await findClaim(tx, id, { lock: true });
    if (!claim) throw problems.notFound('There is no such claim');
    if (claim.status !== 'received') {
      throw problems.conflict('already-answered', `This claim was already answered at ${claim.answeredAt?.toISOString()}`, { claimStatus: claim.status });
    }
    await markAnswered(tx, id, { answer, by: adminId, at: now });
    await emit(tx, ClaimAnswered, id, {
      claimId: id, userId: claim.userId, orderId: claim.orderId, subject: claim.subject, answer,
      receivedAt: claim.receivedAt.toISOString(), answerDueBy: claim.answerDueBy, answeredAt: now.toISOString(),
    }, now);
    return adminClaimView({ ...claim, status: 'answered', answer, answeredAt: now, answeredBy: adminId }, localDate(now));
  });
}
