import { OfferAccepted, OfferPublished, OfferRefused } from '@joo/contracts';
import type { Queryable } from '@joo/db';
import { ProblemError, problems } from '@joo/service-kit';
import { emit, write, type IdentityContext } from '../context.js';
import { checkEffectiveAt } from '../domain/offer-versions.js';
import {
  currentOffer, currentOfferVersion, insertNextOffer, latestEffectiveAt, listOffers, lockOffers, offerByVersion,
  recordOfferDecision, type Bilingual, type OfferVersion,
} from '../store/offers.js';
import { findUserById, markOfferRefused, reactivateAfterRefusal } from '../store/users.js';
import { revokeAndAnnounce } from './sessions.js';

export interface OfferView {
  version: number;
  publishedAt: string;
  effectiveAt: string;
  text: Bilingual;
}

export interface OfferListView {
  version: number;
  publishedAt: string;
  effectiveAt: string;
  current: boolean;
  summary: Bilingual | null;
  url: string;
}

/** Where a version's text is read (public). */
export const offerUrl = (version: number) => `/v1/identity/offers/${version}`;

const view = (offer: OfferVersion): OfferView => ({
  version: offer.version, publishedAt: offer.publishedAt.toISOString(), effectiveAt: offer.effectiveAt.toISOString(), text: offer.text,
});

export async function getCurrentOffer(ctx: IdentityContext): Promise<OfferView> {
  const offer = await currentOffer(ctx.pool, ctx.clock());
  if (!offer) throw problems.notFound('No offer is published yet');
  return view(offer);
}

export async function getOffer(ctx: IdentityContext, version: number): Promise<OfferView> {
  const offer = await offerByVersion(ctx.pool, version);
  if (!offer) throw problems.notFound(`Offer version ${version} is not published`);
  return view(offer);
}

/** Every version with its dates; `current` marks the one in effect now. */
export async function listOfferVersions(ctx: IdentityContext): Promise<OfferListView[]> {
  const now = ctx.clock();
  const [offers, current] = await Promise.all([listOffers(ctx.pool), currentOfferVersion(ctx.pool, now)]);
  return offers.map((o) => ({
    version: o.version, publishedAt: o.publishedAt.toISOString(), effectiveAt: o.effectiveAt.toISOString(),
    current: o.version === current, summary: o.summary, url: offerUrl(o.version),
  }));
}

/**
 * Publishes the next version, in effect from `effectiveAt` (default now). Users are told at once
 * (identity.offer.published carries effectiveAt), so a future date gives them notice (offer 2.6).
 */
export async function publishOffer(
  ctx: IdentityContext, input: { text: Bilingual; summary?: Bilingual; effectiveAt?: Date },
): Promise<{ version: number; effectiveAt: string }> {
  const now = ctx.clock();
  return write(ctx, async (tx) => {
    await lockOffers(tx);
    const verdict = checkEffectiveAt(input.effectiveAt, now, await latestEffectiveAt(tx));
    if (!verdict.ok) {
      throw problems.unprocessable('offer-effective-at', verdict.message, { errors: [{ field: '/effectiveAt', message: verdict.message }] });
    }
    const effectiveAt = verdict.effectiveAt;
    const version = await insertNextOffer(tx, { text: input.text, ...(input.summary ? { summary: input.summary } : {}), now, effectiveAt });
    await emit(tx, OfferPublished, String(version), {
      version, publishedAt: now.toISOString(), effectiveAt: effectiveAt.toISOString(), ...(input.summary ? { summary: input.summary } : {}),
    }, now);
    return { version, effectiveAt: effectiveAt.toISOString() };
  });
}

const notCurrent = (current: number | undefined) => problems.badRequest('Only the current offer can be accepted', [
  { field: '/version', message: current === undefined ? 'no offer is published yet' : `must be the current offer version (${current})` },
]);

export async function acceptOffer(
  ctx: IdentityContext, userId: string, version: number, meta: { ip: string; userAgent: string | null },
): Promise<{ version: number; acceptedAt: string }> {
  const now = ctx.clock();
  const current = await currentOfferVersion(ctx.pool, now);
  if (version !== current) throw notCurrent(current);
  await write(ctx, async (tx) => {
    await recordOfferDecision(tx, { userId, version, decision: 'accepted', now, ip: meta.ip, userAgent: meta.userAgent });
    await emit(tx, OfferAccepted, userId, { userId, version, acceptedAt: now.toISOString(), restoredAccess: false }, now);
  });
  return { version, acceptedAt: now.toISOString() };
}

/**
 * Refusing the offer (2.7, 3.10) signs out every device and leaves the account `offer-refused`:
 * what the refusal ended stays ended (sessions, device slots), but signing in again with the
 * login and password and accepting the current offer brings the account back (acceptAtSignIn).
 */
export async function refuseOffer(ctx: IdentityContext, userId: string, meta: { ip: string; userAgent: string | null }): Promise<void> {
  const now = ctx.clock();
  await write(ctx, async (tx) => {
    const user = await findUserById(tx, userId, { forUpdate: true });
    if (!user || user.status !== 'active') throw problems.forbidden('This account is not active');
    const version = await currentOfferVersion(tx, now);
    if (version === undefined) throw problems.notFound('No offer is published yet');
    await recordOfferDecision(tx, { userId, version, decision: 'refused', now, ip: meta.ip, userAgent: meta.userAgent });
    await markOfferRefused(tx, userId, now);
    await revokeAndAnnounce(tx, { userId, reason: 'offer_refused', now, tokenTtlSeconds: ctx.tokens.ttlSeconds });
    await emit(tx, OfferRefused, userId, { userId, version, refusedAt: now.toISOString() }, now);
  });
}

/** The 403 of a right password on an `offer-refused` account: it names the offer to accept. */
export async function offerAcceptanceRequired(db: Queryable, now: Date): Promise<ProblemError> {
  const offer = await currentOffer(db, now);
  return new ProblemError(403, 'offer-acceptance-required', 'Forbidden',
    'You refused the offer; accept the current offer with POST /v1/identity/offer-acceptance to use your account again',
    offer ? { offer: { version: offer.version, effectiveAt: offer.effectiveAt.toISOString(), url: offerUrl(offer.version) } } : {});
}

export interface AcceptAtSignIn {
  /** the version the client showed; when given it must be the current one */
  version?: number;
  ip: string;
  userAgent: string | null;
}

/**
 * Records the acceptance of the current offer inside a sign-in's transaction, under the user's
 * row lock; an `offer-refused` account becomes active again.
 */
export async function acceptAtSignIn(
  tx: Queryable, user: { id: string; status: string }, accept: AcceptAtSignIn, now: Date,
): Promise<void> {
  const current = await currentOfferVersion(tx, now);
  if (current === undefined || (accept.version !== undefined && accept.version !== current)) throw notCurrent(current);
  const restoredAccess = user.status === 'offer-refused';
  await recordOfferDecision(tx, { userId: user.id, version: current, decision: 'accepted', now, ip: accept.ip, userAgent: accept.userAgent });
  if (restoredAccess) await reactivateAfterRefusal(tx, user.id, now);
  await emit(tx, OfferAccepted, user.id, { userId: user.id, version: current, acceptedAt: now.toISOString(), restoredAccess }, now);
}
