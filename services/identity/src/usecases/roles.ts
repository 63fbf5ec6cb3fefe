import { problems } from '@joo/service-kit';
import { write, type IdentityContext } from '../context.js';
import type { Role } from '../domain/roles.js';
import { findUserById, setRoles } from '../store/users.js';

/**
 * Gives and takes roles. The user's next access token carries them: at their next login or
 * refresh, so within the access token's life (10 minutes).
 */
export async function setUserRoles(ctx: IdentityContext, adminId: string, userId: string, roles: Role[]): Promise<{ id: string; roles: Role[] }> {
  if (adminId === userId && !roles.includes('admin')) throw problems.conflict('cannot-demote-self', 'You cannot take the admin role from yourself');
  const unique = [...new Set(roles)];
  await write(ctx, async (tx) => {
    const user = await findUserById(tx, userId, { forUpdate: true });
    if (!user) throw problems.notFound('No such user');
    if (user.status === 'erased' || user.status === 'closed') throw problems.conflict('not-active', `The account is ${user.status}`);
    await setRoles(tx, userId, unique, ctx.clock());
  });
  return { id: userId, roles: unique };
}
