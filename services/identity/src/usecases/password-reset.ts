import { randomUUID } from 'node:crypto';
import { PasswordChanged, PasswordResetRequested } from '@joo/contracts';
import { problems, ProblemError } from '@joo/service-kit';
import { emit, write, type IdentityContext } from '../context.js';
import { hashPassword } from '../crypto/passwords.js';
import { codeUsable, newResetCode, RESET_CODE, RESET_THROTTLE, resetCodeMaterial, sameDigest } from '../domain/reset-code.js';
import { clearAccountFailures } from '../store/login-failures.js';
import { consumeReset, recentResetRequests, recordResetRequest, replaceReset, spendTry } from '../store/password-resets.js';
import { findUserByLogin, setPasswordHash, type User } from '../store/users.js';
import { checkNewPassword } from './field-checks.js';
import { parseLogin } from './login.js';
import { checkReplacementPassword } from './password-change.js';
import { revokeAndAnnounce } from './sessions.js';

/** Accounts whose password may be reset: an offer-refused one too (signing in then asks for the offer). */
const RESETTABLE = new Set<User['status']>(['active', 'offer-refused']);

/** One answer for a wrong, expired, used or unknown code, whether or not the account exists. */
export const invalidResetCode = () =>
  new ProblemError(400, 'invalid-reset-code', 'Your request is not valid', 'The code is wrong, expired or already used; ask for a new one');

async function resettableUser(ctx: IdentityContext, login: string): Promise<{ user: User; channel: 'email' | 'sms' } | undefined> {
  const parsed = parseLogin(login);
  if (!parsed) return undefined;
  const user = await findUserByLogin(ctx.pool, parsed);
  if (!user || !RESETTABLE.has(user.status)) return undefined;
  return { user, channel: 'email' in parsed ? 'email' : 'sms' };
}

/**
 * Offer 6.3.1: sends a 6-digit code to the login given (e-mail or SMS, by its kind). The caller
 * always answers 202: whether the account exists, or the request was throttled, shows only in
 * the metric. A new code replaces the previous one.
 */
export async function requestPasswordReset(ctx: IdentityContext, input: { login: string }, ip: string): Promise<void> {
  const now = ctx.clock();
  const found = await resettableUser(ctx, input.login);
  const userId = found?.user.id ?? null;
  const since = new Date(now.getTime() - RESET_THROTTLE.windowMs);
  const counts = await recentResetRequests(ctx.pool, { userId, ip, since });
  if (counts.account >= RESET_THROTTLE.perAccount || counts.ip >= RESET_THROTTLE.perIp) {
    ctx.metrics.passwordResetRequests.inc({ outcome: 'throttled' });
    return;
  }
  if (!found) {
    await recordResetRequest(ctx.pool, { userId: null, ip, now });
    ctx.metrics.passwordResetRequests.inc({ outcome: 'no_account' });
    return;
  }
  const code = newResetCode();
  const resetId = randomUUID();
  const expiresAt = new Date(now.getTime() + RESET_CODE.ttlMs);
  await write(ctx, async (tx) => {
    await recordResetRequest(tx, { userId, ip, now });
    await replaceReset(tx, { userId: found.user.id, resetId, codeHash: ctx.pii.blindIndex(resetCodeMaterial(resetId, code)), expiresAt, now });
    // ADR 0028: the code travels in clear on the internal bus to notifications, which sends it.
    await emit(tx, PasswordResetRequested, found.user.id, {
      userId: found.user.id, channel: found.channel, code, expiresAt: expiresAt.toISOString(),
    }, now);
  });
  ctx.metrics.passwordResetRequests.inc({ outcome: 'sent' });
}

/**
 * Sets a new password with the code: every session ends (session.revoked for each) and the
 * account's sign-in failures are forgotten. A wrong code spends one of its 5 tries.
 */
export async function confirmPasswordReset(
  ctx: IdentityContext, input: { login: string; code: string; newPassword: string },
): Promise<void> {
  // The policy's account-free rules first: their answer says nothing about the account.
  const general = checkNewPassword('/newPassword', input.newPassword, {}, ctx.commonPasswords);
  if (general) throw problems.badRequest('The new password is not allowed', [general]);
  const now = ctx.clock();
  const found = await resettableUser(ctx, input.login);
  if (!found) throw invalidResetCode();
  const { user } = found;
  const reset = await spendTry(ctx.pool, user.id, now, RESET_CODE.maxTries);
  if (!reset || !codeUsable({ expiresAt: reset.expiresAt, tries: reset.tries - 1 }, now)) throw invalidResetCode();
  if (!sameDigest(ctx.pii.blindIndex(resetCodeMaterial(reset.resetId, input.code)), reset.codeHash)) throw invalidResetCode();
  checkReplacementPassword(ctx, user, input.newPassword);
  const hash = await hashPassword(input.newPassword);
  await write(ctx, async (tx) => {
    if (!(await consumeReset(tx, user.id, reset.resetId))) throw invalidResetCode();
    await setPasswordHash(tx, user.id, hash, now);
    await revokeAndAnnounce(tx, { userId: user.id, reason: 'revoked_by_user', now, tokenTtlSeconds: ctx.tokens.ttlSeconds });
    await clearAccountFailures(tx, `user:${user.id}`);
    await emit(tx, PasswordChanged, user.id, { userId: user.id, how: 'reset', changedAt: now.toISOString() }, now);
  });
}
