import { ProblemError } from '@joo/service-kit';
import { write, type IdentityContext } from '../context.js';
import { insertRefreshToken, lockRefreshToken, markRefreshTokenUsed } from '../store/refresh-tokens.js';
import { touchSession } from '../store/sessions.js';
import { findUserById } from '../store/users.js';
import { hashRefreshToken, newRefreshToken, REFRESH_TOKEN_TTL_MS } from '../tokens/refresh.js';
import type { TokenPair } from './login.js';
import { revokeAndAnnounce } from './sessions.js';

const invalidRefresh = (detail = 'The refresh token is not valid; sign in again') =>
  new ProblemError(401, 'invalid-refresh-token', 'Unauthorized', detail);

type Outcome =
  | { kind: 'ok'; sessionId: string; userId: string; roles: string[] }
  | { kind: 'reused'; sessionId: string }
  | { kind: 'invalid' };

/**
 * Rotates a refresh token. A token that was used already means it leaked (or the client raced
 * itself): its whole session is revoked, in a transaction that commits, and the answer is 401.
 */
export async function refresh(ctx: IdentityContext, token: string): Promise<TokenPair> {
  const now = ctx.clock();
  const hash = hashRefreshToken(token);
  const next = newRefreshToken();
  const outcome = await write(ctx, async (tx): Promise<Outcome> => {
    const record = await lockRefreshToken(tx, hash);
    if (!record || record.sessionRevoked) return { kind: 'invalid' };
    if (record.usedAt) {
      await revokeAndAnnounce(tx, {
        userId: record.userId, ids: [record.sessionId], reason: 'refresh_reuse', now, tokenTtlSeconds: ctx.tokens.ttlSeconds,
      });
      return { kind: 'reused', sessionId: record.sessionId };
    }
    if (record.expiresAt <= now) return { kind: 'invalid' };
    const user = await findUserById(tx, record.userId);
    if (!user || user.status !== 'active') return { kind: 'invalid' };
    await markRefreshTokenUsed(tx, hash, now);
    await insertRefreshToken(tx, {
      hash: next.hash, sessionId: record.sessionId, now, expiresAt: new Date(now.getTime() + REFRESH_TOKEN_TTL_MS),
    });
    await touchSession(tx, record.sessionId, now);
    return { kind: 'ok', sessionId: record.sessionId, userId: user.id, roles: user.roles };
  });
  if (outcome.kind === 'reused') throw invalidRefresh('This refresh token was used already; the session is signed out');
  if (outcome.kind === 'invalid') throw invalidRefresh();
  return {
    accessToken: ctx.tokens.issue({ sub: outcome.userId, sid: outcome.sessionId, roles: outcome.roles }),
    refreshToken: next.token,
    expiresIn: ctx.tokens.ttlSeconds,
    sessionId: outcome.sessionId,
  };
}
