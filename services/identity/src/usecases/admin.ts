import { UserReinstated, UserSuspended } from '@joo/contracts';
import { decodeTimeIdCursor, problems, timeIdPage } from '@joo/service-kit';
import { emit, write, type IdentityContext } from '../context.js';
import { findUserById, reinstateUser, searchUsers, suspendUser, type UserListItem } from '../store/users.js';
import { revokeAndAnnounce } from './sessions.js';

export interface AdminUserView {
  id: string;
  fullName: string | null;
  email: string | null;
  phone: string | null;
  region: string | null;
  status: string;
  roles: string[];
  createdAt: string;
}

function view(u: UserListItem): AdminUserView {
  return {
    id: u.id, fullName: u.fullName, email: u.email, phone: u.phone, region: u.region,
    status: u.status, roles: u.roles, createdAt: u.createdAt.toISOString(),
  };
}

export async function listUsers(
  ctx: IdentityContext, options: { q?: string; limit: number; cursor?: string },
): Promise<{ items: AdminUserView[]; nextCursor: string | null }> {
  const key = decodeTimeIdCursor(options.cursor);
  const after = key && { createdAt: new Date(key.at), id: key.id };
  const rows = await searchUsers(ctx.pool, { ...(options.q ? { q: options.q } : {}), limit: options.limit + 1, ...(after ? { after } : {}) });
  return timeIdPage(rows, options.limit, (u) => [u.createdAt, u.id], view);
}

/** Suspends the account and revokes all its sessions in the same transaction. */
export async function suspend(ctx: IdentityContext, adminId: string, userId: string, reason: string): Promise<AdminUserView> {
  if (adminId === userId) throw problems.conflict('cannot-suspend-self', 'You cannot suspend your own account');
  const now = ctx.clock();
  const user = await write(ctx, async (tx) => {
    const user = await findUserById(tx, userId, { forUpdate: true });
    if (!user) throw problems.notFound('No such user');
    if (user.status === 'closed' || user.status === 'erased' || user.status === 'offer-refused') {
      throw problems.conflict('not-active', `The account is ${user.status}`);
    }
    if (user.status === 'suspended') return user;
    await suspendUser(tx, userId, reason, now);
    await revokeAndAnnounce(tx, { userId, reason: 'suspended', now, tokenTtlSeconds: ctx.tokens.ttlSeconds });
    await emit(tx, UserSuspended, userId, { userId, reason, suspendedAt: now.toISOString() }, now);
    return { ...user, status: 'suspended' as const };
  });
  return view(user);
}

export async function reinstate(ctx: IdentityContext, userId: string): Promise<AdminUserView> {
  const now = ctx.clock();
  const user = await write(ctx, async (tx) => {
    const user = await findUserById(tx, userId, { forUpdate: true });
    if (!user) throw problems.notFound('No such user');
    if (user.status === 'active') return user;
    if (user.status !== 'suspended') throw problems.conflict('not-suspended', `The account is ${user.status}`);
    await reinstateUser(tx, userId, now);
    await emit(tx, UserReinstated, userId, { userId, reinstatedAt: now.toISOString() }, now);
    return { ...user, status: 'active' as const };
  });
  return view(user);
}
