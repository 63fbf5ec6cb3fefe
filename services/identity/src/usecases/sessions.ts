import { SessionRevoked } from '@joo/contracts';
import type { Queryable } from '@joo/db';
import { problems } from '@joo/service-kit';
import { emit, write, type IdentityContext } from '../context.js';
import { sessionsAliveSince } from '../tokens/refresh.js';
import { activeSessions, revokeSessions, type RevokeReason, type Session } from '../store/sessions.js';

/**
 * Revokes sessions and writes identity.session.revoked for each, in the caller's transaction.
 */
export async function revokeAndAnnounce(
  tx: Queryable,
  options: { userId: string; ids?: string[]; exceptId?: string; reason: RevokeReason; now: Date; tokenTtlSeconds: number },
): Promise<Session[]> {
  const revoked = await revokeSessions(tx, options);
  for (const s of revoked) {
    await emit(tx, SessionRevoked, options.userId, {
      userId: options.userId,
      sessionId: s.id,
      reason: options.reason,
      deviceName: s.deviceName,
      revokedAt: options.now.toISOString(),
      // the last access token was issued at the last login or refresh
      tokensValidUntil: new Date(s.lastSeenAt.getTime() + options.tokenTtlSeconds * 1000).toISOString(),
    }, options.now);
  }
  return revoked;
}

/** Revokes in its own transaction. */
export async function revokeNow(
  ctx: IdentityContext, options: { userId: string; ids?: string[]; exceptId?: string; reason: RevokeReason },
): Promise<Session[]> {
  const now = ctx.clock();
  return write(ctx, (tx) => revokeAndAnnounce(tx, { ...options, now, tokenTtlSeconds: ctx.tokens.ttlSeconds }));
}

export interface SessionView {
  sessionId: string;
  name: string;
  createdAt: string;
  lastSeenAt: string;
  current: boolean;
}

export async function listSessions(ctx: IdentityContext, userId: string, currentSessionId: string): Promise<SessionView[]> {
  const sessions = await activeSessions(ctx.pool, userId, sessionsAliveSince(ctx.clock()));
  return sessions
    .toSorted((a, b) => b.lastSeenAt.getTime() - a.lastSeenAt.getTime())
    .map((s) => ({
      sessionId: s.id, name: s.deviceName, createdAt: s.createdAt.toISOString(),
      lastSeenAt: s.lastSeenAt.toISOString(), current: s.id === currentSessionId,
    }));
}

export async function logout(ctx: IdentityContext, userId: string, sessionId: string): Promise<void> {
  await revokeNow(ctx, { userId, ids: [sessionId], reason: 'logout' });
}

/** Only the caller's own active sessions can be revoked; anything else is not found. */
export async function revokeOwnSession(ctx: IdentityContext, userId: string, sessionId: string): Promise<void> {
  const revoked = await revokeNow(ctx, { userId, ids: [sessionId], reason: 'revoked_by_user' });
  if (revoked.length === 0) throw problems.notFound('You have no active session with this id');
}
