import { randomUUID } from 'node:crypto';
import { SessionStarted } from '@joo/contracts';
import type { Queryable } from '@joo/db';
import { ProblemError } from '@joo/service-kit';
import { emit, write, type IdentityContext } from '../context.js';
import { loginOutcomeOf } from '../metrics.js';
import { verifyPassword } from '../crypto/passwords.js';
import { decideLogin } from '../domain/device-limit.js';
import { throttleKeyOf } from '../domain/known-device.js';
import { normalizeKzMobile } from '../domain/phone.js';
import { issueDeviceToken } from '../store/device-tokens.js';
import { insertRefreshToken, reissueForDevice } from '../store/refresh-tokens.js';
import { activeSessions, expireStaleSessions, insertSession } from '../store/sessions.js';
import { emailKey, findUserById, findUserByLogin, type User } from '../store/users.js';
import { newRefreshToken, REFRESH_TOKEN_TTL_MS, sessionsAliveSince } from '../tokens/refresh.js';
import { newSecretToken } from '../tokens/secret.js';
import { afterDeviceFailure, recogniseDevice } from './known-device.js';
import { acceptAtSignIn, offerAcceptanceRequired, type AcceptAtSignIn } from './offers.js';
import { attemptFailed, attemptSucceeded, beginAttempt } from './login-throttle.js';
import { revokeAndAnnounce } from './sessions.js';

export interface LoginInput {
  login: string;
  password: string;
  device: { id: string; name: string };
  evictOldest: boolean;
  /** The token an earlier sign-in on this device answered, if the client kept it. */
  deviceToken?: string;
  /** POST /offer-acceptance: accept the current offer with this sign-in (an `offer-refused` account comes back). */
  acceptOffer?: AcceptAtSignIn;
}

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  sessionId: string;
}

export interface LoginResult extends TokenPair {
  /** This device's token for its next sign-in (the one it sent, if any, no longer counts). */
  deviceToken: string;
}

export const invalidCredentials = () =>
  new ProblemError(401, 'invalid-credentials', 'Unauthorized', 'The login or the password is wrong');

/** An e-mail (contains @) or a Kazakhstan mobile number in any spelling; null when it is neither. */
export function parseLogin(login: string): { email: string } | { phone: string } | null {
  const text = login.trim();
  if (text.includes('@')) return { email: text };
  const phone = normalizeKzMobile(text);
  return phone ? { phone } : null;
}

/** Signs in (see attemptLogin) and counts the outcome in joo_identity_logins_total. */
export async function login(ctx: IdentityContext, input: LoginInput, ip: string): Promise<LoginResult> {
  try {
    const tokens = await attemptLogin(ctx, input, ip);
    ctx.metrics.logins.inc({ outcome: 'succeeded' });
    return tokens;
  } catch (error) {
    ctx.metrics.logins.inc({ outcome: loginOutcomeOf(error) });
    throw error;
  }
}

async function attemptLogin(ctx: IdentityContext, input: LoginInput, ip: string): Promise<LoginResult> {
  const now = ctx.clock();
  const parsed = parseLogin(input.login);
  const user = parsed ? await findUserByLogin(ctx.pool, parsed) : undefined;
  // Failures count against the account when it exists, else against the login as typed (normalised),
  // so unknown and known logins are throttled alike.
  const accountKey = user ? `user:${user.id}`
    : parsed ? `login:${'email' in parsed ? emailKey(parsed.email) : parsed.phone}` : `login:${input.login.trim().toLowerCase()}`;
  // A device that signed in before is throttled on its own token's failures, so guesses from
  // elsewhere, which count against the account, cannot lock it out (domain/known-device.ts).
  const device = user ? await recogniseDevice(ctx.pool, input.deviceToken, { userId: user.id, deviceId: input.device.id }, now) : undefined;
  const throttleKey = throttleKeyOf(accountKey, device);
  const attempt = await beginAttempt(ctx.pool, throttleKey, ip, now);
  const failed = async () => {
    await attemptFailed(ctx.pool, attempt);
    if (device) await afterDeviceFailure(ctx.pool, device, throttleKey, ip, now);
  };

  const signInable = user && SIGN_IN_STATUSES.has(user.status);
  const ok = await verifyPassword(signInable ? user.passwordHash : null, input.password);
  if (!ok || !user) {
    await failed();
    throw invalidCredentials();
  }
  if (user.status === 'suspended') {
    await failed();
    throw suspended(user.suspendedReason);
  }
  // A known device's success clears only its own failures: the account's stay, or a guesser could
  // start afresh each time the owner signs in.
  await attemptSucceeded(ctx.pool, throttleKey);
  // Only the right password learns that the offer was refused (a wrong one is the same 401 as ever).
  if (user.status === 'offer-refused' && !input.acceptOffer) throw await offerAcceptanceRequired(ctx.pool, now);

  const refresh = newRefreshToken();
  const nextDeviceToken = newSecretToken();
  const outcome = await write(ctx, (tx) => openSession(ctx, tx, user.id, input, { refreshHash: refresh.hash, deviceTokenHash: nextDeviceToken.hash }, now));
  return {
    accessToken: ctx.tokens.issue({ sub: user.id, sid: outcome.sessionId, roles: outcome.roles }),
    refreshToken: refresh.token,
    expiresIn: ctx.tokens.ttlSeconds,
    sessionId: outcome.sessionId,
    deviceToken: nextDeviceToken.token,
  };
}

/** Whose password is checked at all: the others answer invalid-credentials whatever is typed. */
const SIGN_IN_STATUSES: ReadonlySet<string> = new Set(['active', 'suspended', 'offer-refused']);

/** Offer 7.1.3: the user is told why (the password was right, so it is their account). */
function suspended(reason: string | null): ProblemError {
  return new ProblemError(403, 'suspended', 'Forbidden', 'This account is suspended; contact support', reason ? { reason } : {});
}

/**
 * Picks the device's slot under a lock on the user row, so concurrent logins of one user are
 * decided one at a time and can never hold more than the allowed number of sessions.
 */
async function openSession(
  ctx: IdentityContext, tx: Queryable, userId: string, input: LoginInput, hashes: { refreshHash: Buffer; deviceTokenHash: Buffer }, now: Date,
): Promise<{ sessionId: string; roles: string[] }> {
  const { refreshHash } = hashes;
  const user: User | undefined = await findUserById(tx, userId, { forUpdate: true });
  if (!user || !SIGN_IN_STATUSES.has(user.status)) throw invalidCredentials();
  if (user.status === 'suspended') throw suspended(user.suspendedReason);
  if (input.acceptOffer) await acceptAtSignIn(tx, user, input.acceptOffer, now);
  else if (user.status === 'offer-refused') throw await offerAcceptanceRequired(tx, now);
  await issueDeviceToken(tx, { id: randomUUID(), hash: hashes.deviceTokenHash, userId, deviceId: input.device.id, now });

  // A statement of its own, after the lock: in READ COMMITTED it sees sessions committed by a
  // concurrent login that held the lock before us (a subquery in the locking SELECT would not).
  await expireStaleSessions(tx, userId, sessionsAliveSince(now), now);
  const active = await activeSessions(tx, userId, sessionsAliveSince(now));
  const decision = decideLogin(
    active.map((s) => ({ sessionId: s.id, deviceId: s.deviceId, lastSeenAt: s.lastSeenAt })),
    input.device.id,
    input.evictOldest,
  );
  const expiresAt = new Date(now.getTime() + REFRESH_TOKEN_TTL_MS);
  if (decision.kind === 'refuse') {
    const names = new Map(active.map((s) => [s.id, s.deviceName]));
    throw new ProblemError(409, 'device-limit', 'Conflict',
      'You are signed in on the most devices allowed; sign out one of them or ask to sign out the least recently used',
      { devices: decision.devices.map((d) => ({ sessionId: d.sessionId, name: names.get(d.sessionId) ?? '', lastSeenAt: d.lastSeenAt.toISOString() })) });
  }
  // A logout racing this login may have revoked the device's session: then it gets a new one,
  // for which there is room, since the revoked session no longer counts.
  if (decision.kind === 'reuse'
    && await reissueForDevice(tx, { sessionId: decision.sessionId, deviceName: input.device.name, hash: refreshHash, now, expiresAt })) {
    return { sessionId: decision.sessionId, roles: user.roles };
  }
  if (decision.kind === 'evict') {
    await revokeAndAnnounce(tx, { userId, ids: [decision.sessionId], reason: 'evicted', now, tokenTtlSeconds: ctx.tokens.ttlSeconds });
  }
  const sessionId = randomUUID();
  await insertSession(tx, { id: sessionId, userId, deviceId: input.device.id, deviceName: input.device.name, now });
  await insertRefreshToken(tx, { hash: refreshHash, sessionId, now, expiresAt });
  await emit(tx, SessionStarted, userId, { userId, sessionId, deviceName: input.device.name, startedAt: now.toISOString() }, now);
  return { sessionId, roles: user.roles };
}
