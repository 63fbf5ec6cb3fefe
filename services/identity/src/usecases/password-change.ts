import { PasswordChanged } from '@joo/contracts';
import { problems } from '@joo/service-kit';
import { emit, write, type IdentityContext } from '../context.js';
import { hashPassword, verifyPassword } from '../crypto/passwords.js';
import { findUserById, setPasswordHash } from '../store/users.js';
import { checkNewPassword } from './field-checks.js';
import { attemptFailed, attemptSucceeded, beginAttempt } from './login-throttle.js';
import { revokeAndAnnounce, revokeNow } from './sessions.js';

/** The password policy of registration, plus: not the password it replaces. */
export function checkReplacementPassword(
  ctx: IdentityContext, user: { email: string | null; phone: string | null; fullName: string | null }, next: string,
): void {
  const problem = checkNewPassword('/newPassword', next, {
    ...(user.email ? { email: user.email } : {}), ...(user.phone ? { phone: user.phone } : {}), ...(user.fullName ? { fullName: user.fullName } : {}),
  }, ctx.commonPasswords);
  if (problem) throw problems.badRequest('The new password is not allowed', [problem]);
}

/**
 * Offer 6.3.1: the user changes their password knowing the current one; every other session
 * ends (a thief signed in elsewhere is out). Wrong current passwords count against the account's
 * sign-in throttle, so a stolen access token cannot be used to guess the password.
 */
export async function changePassword(
  ctx: IdentityContext, caller: { userId: string; sessionId: string }, input: { currentPassword: string; newPassword: string }, ip: string,
): Promise<{ revokedSessions: number }> {
  const now = ctx.clock();
  const user = await findUserById(ctx.pool, caller.userId);
  if (!user || user.status !== 'active') throw problems.forbidden('This account cannot be changed');
  checkReplacementPassword(ctx, user, input.newPassword);
  const accountKey = `user:${user.id}`;
  const attempt = await beginAttempt(ctx.pool, accountKey, ip, now);
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    await attemptFailed(ctx.pool, attempt);
    throw problems.badRequest('The current password is wrong', [{ field: '/currentPassword', message: 'is not your current password' }]);
  }
  await attemptSucceeded(ctx.pool, accountKey);
  if (input.newPassword === input.currentPassword) {
    throw problems.badRequest('The new password is the current one', [{ field: '/newPassword', message: 'must differ from the current password' }]);
  }
  const hash = await hashPassword(input.newPassword);
  const revoked = await write(ctx, async (tx) => {
    await setPasswordHash(tx, user.id, hash, now);
    const ended = await revokeAndAnnounce(tx, {
      userId: user.id, exceptId: caller.sessionId, reason: 'revoked_by_user', now, tokenTtlSeconds: ctx.tokens.ttlSeconds,
    });
    await emit(tx, PasswordChanged, user.id, { userId: user.id, how: 'changed', changedAt: now.toISOString() }, now);
    return ended.length;
  });
  return { revokedSessions: revoked };
}

/** Offer 6.3.1: "sign out everywhere else". */
export async function revokeOtherSessions(ctx: IdentityContext, caller: { userId: string; sessionId: string }): Promise<{ revokedSessions: number }> {
  const revoked = await revokeNow(ctx, { userId: caller.userId, exceptId: caller.sessionId, reason: 'revoked_by_user' });
  return { revokedSessions: revoked.length };
}
