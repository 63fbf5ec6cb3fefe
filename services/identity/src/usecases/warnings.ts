import { randomUUID } from 'node:crypto';
import { UserWarned } from '@joo/contracts';
import { problems } from '@joo/service-kit';
import { emit, write, type IdentityContext } from '../context.js';
import { findUserById } from '../store/users.js';
import { insertWarning } from '../store/warnings.js';

export interface WarningView {
  id: string;
  userId: string;
  reason: string;
  issuedAt: string;
}

/**
 * Offer 7.1.3: an admin warns a user about a breach, short of suspending them. The reason is
 * shown in GET /me and sent to the user (identity.user.warned → notifications).
 */
export async function warnUser(ctx: IdentityContext, adminId: string, userId: string, reason: string): Promise<WarningView> {
  const now = ctx.clock();
  const id = randomUUID();
  await write(ctx, async (tx) => {
    const user = await findUserById(tx, userId, { forUpdate: true });
    if (!user || user.status === 'erased') throw problems.notFound('No such user');
    await insertWarning(tx, { id, userId, reason, issuedBy: adminId, now });
    await emit(tx, UserWarned, userId, { userId, warningId: id, reason, warnedAt: now.toISOString() }, now);
  });
  return { id, userId, reason, issuedAt: now.toISOString() };
}
