import { ConsentChanged } from '@joo/contracts';
import { emit, write, type IdentityContext } from '../context.js';
import { getConsents, saveConsents, type Consents } from '../store/consents.js';
import { findUserById } from '../store/users.js';

export function readConsents(ctx: IdentityContext, userId: string): Promise<Consents> {
  return getConsents(ctx.pool, userId);
}

/** Replaces the consents; a change is kept in the history and published. */
export async function replaceConsents(ctx: IdentityContext, userId: string, next: Consents): Promise<Consents> {
  const now = ctx.clock();
  return write(ctx, async (tx) => {
    await findUserById(tx, userId, { forUpdate: true });
    const current = await getConsents(tx, userId);
    const changed = (Object.keys(next) as Array<keyof Consents>).some((k) => current[k] !== next[k]);
    if (!changed) return current;
    const consents: Consents = {
      marketingEmail: next.marketingEmail, marketingSms: next.marketingSms,
      marketingCalls: next.marketingCalls, crossBorderTransfer: next.crossBorderTransfer,
    };
    await saveConsents(tx, userId, consents, 'user', now);
    await emit(tx, ConsentChanged, userId, { userId, consents, changedAt: now.toISOString() }, now);
    return consents;
  });
}
