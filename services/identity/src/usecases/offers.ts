import { OfferPublished, OfferRefused } from '@joo/contracts';
import { problems } from '@joo/service-kit';
import { emit, write, type IdentityContext } from '../context.js';
import { currentOffer, currentOfferVersion, insertNextOffer, recordOfferDecision, type Bilingual } from '../store/offers.js';
import { closeUser, findUserById } from '../store/users.js';
import { revokeAndAnnounce } from './sessions.js';

export interface OfferView {
  version: number;
  publishedAt: string;
  text: Bilingual;
}

export async function getCurrentOffer(ctx: IdentityContext): Promise<OfferView> {
  const offer = await currentOffer(ctx.pool);
  if (!offer) throw problems.notFound('No offer is published yet');
  return { version: offer.version, publishedAt: offer.publishedAt.toISOString(), text: offer.text };
}

export async function publishOffer(ctx: IdentityContext, text: Bilingual, summary: Bilingual | undefined): Promise<{ version: number }> {
  const now = ctx.clock();
  return write(ctx, async (tx) => {
    const version = await insertNextOffer(tx, { text, ...(summary ? { summary } : {}), now });
    await emit(tx, OfferPublished, String(version), { version, publishedAt: now.toISOString(), ...(summary ? { summary } : {}) }, now);
    return { version };
  });
}

export async function acceptOffer(
  ctx: IdentityContext, userId: string, version: number, meta: { ip: string; userAgent: string | null },
): Promise<{ version: number; acceptedAt: string }> {
  const now = ctx.clock();
  const current = await currentOfferVersion(ctx.pool);
  if (version !== current) {
    throw problems.badRequest('Only the current offer can be accepted', [
      { field: '/version', message: current === undefined ? 'no offer is published yet' : `must be the current offer version (${current})` },
    ]);
  }
  await recordOfferDecision(ctx.pool, { userId, version, decision: 'accepted', now, ip: meta.ip, userAgent: meta.userAgent });
  return { version, acceptedAt: now.toISOString() };
}

/** Refusing the offer closes the account and signs out every device (offer 2.7, 3.10). */
export async function refuseOffer(ctx: IdentityContext, userId: string, meta: { ip: string; userAgent: string | null }): Promise<void> {
  const now = ctx.clock();
  await write(ctx, async (tx) => {
    const user = await findUserById(tx, userId, { forUpdate: true });
    if (!user || user.status !== 'active') throw problems.forbidden('This account is not active');
    const version = await currentOfferVersion(tx);
    if (version === undefined) throw problems.notFound('No offer is published yet');
    await recordOfferDecision(tx, { userId, version, decision: 'refused', now, ip: meta.ip, userAgent: meta.userAgent });
    await closeUser(tx, userId, now);
    await revokeAndAnnounce(tx, { userId, reason: 'offer_refused', now, tokenTtlSeconds: ctx.tokens.ttlSeconds });
    await emit(tx, OfferRefused, userId, { userId, version, refusedAt: now.toISOString() }, now);
  });
}
