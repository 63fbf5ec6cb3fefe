/** Events published by identity (stream JOO_IDENTITY, subjects joo.identity.>). */
import { Type } from 'typebox';
import { defineEvent } from './envelope.js';

const Locale = Type.Union([Type.Literal('kk'), Type.Literal('ru')]);
const Consents = Type.Object({
  marketingEmail: Type.Boolean(),
  marketingSms: Type.Boolean(),
  marketingCalls: Type.Boolean(),
  crossBorderTransfer: Type.Boolean(),
});

export const UserRegistered = defineEvent('identity', 'identity.user.registered.v1', {
  description: 'A student finished registration and accepted the offer.',
  subject: 'userId',
}, Type.Object({
  userId: Type.String(),
  fullName: Type.String(),
  email: Type.String(),
  phone: Type.String({ description: 'E.164' }),
  region: Type.String({ description: 'region code from GET /v1/identity/regions' }),
  locale: Locale,
  roles: Type.Array(Type.String()),
  consents: Consents,
  offerVersion: Type.Integer(),
  registeredAt: Type.String({ format: 'date-time' }),
}));

export const UserProfileUpdated = defineEvent('identity', 'identity.user.profile_updated.v1', {
  description: 'Contact details or the optional profile of offer 7.1.2 changed. Carries contact details and which optional fields are filled, never the IIN itself.',
  subject: 'userId',
}, Type.Object({
  userId: Type.String(),
  fullName: Type.String(),
  email: Type.String(),
  phone: Type.String(),
  region: Type.String(),
  locale: Locale,
  filled: Type.Array(Type.String(), { description: 'names of the optional profile fields that hold a value' }),
  profileSubjects: Type.Optional(Type.Array(Type.String())),
  untScores: Type.Optional(Type.Union([Type.Record(Type.String(), Type.Integer()), Type.Null()])),
  updatedAt: Type.String({ format: 'date-time' }),
}));

export const ConsentChanged = defineEvent('identity', 'identity.consent.changed.v1', {
  description: "The user changed their marketing or cross-border transfer consents; carries all of them as they are now.",
  subject: 'userId',
}, Type.Object({
  userId: Type.String(),
  consents: Consents,
  changedAt: Type.String({ format: 'date-time' }),
}));

export const SessionRevoked = defineEvent('identity', 'identity.session.revoked.v1', {
  description: 'A session (device) ended before its time: logout, eviction, refresh token reuse, suspension, offer refusal, erasure.',
  subject: 'userId',
}, Type.Object({
  userId: Type.String(),
  sessionId: Type.String(),
  reason: Type.Union([
    Type.Literal('logout'), Type.Literal('evicted'), Type.Literal('revoked_by_user'), Type.Literal('refresh_reuse'),
    Type.Literal('suspended'), Type.Literal('offer_refused'), Type.Literal('erased'),
  ]),
  deviceName: Type.String(),
  revokedAt: Type.String({ format: 'date-time' }),
  /** when the session's last access token expires; after that the gateway may forget it */
  tokensValidUntil: Type.String({ format: 'date-time' }),
}));

export const SessionStarted = defineEvent('identity', 'identity.session.started.v1', {
  description: 'A new device signed in.',
  subject: 'userId',
}, Type.Object({
  userId: Type.String(),
  sessionId: Type.String(),
  deviceName: Type.String(),
  startedAt: Type.String({ format: 'date-time' }),
}));

export const UserSuspended = defineEvent('identity', 'identity.user.suspended.v1', {
  description: 'An admin suspended the account; all its sessions are revoked.',
  subject: 'userId',
}, Type.Object({
  userId: Type.String(),
  reason: Type.String(),
  suspendedAt: Type.String({ format: 'date-time' }),
}));

export const UserReinstated = defineEvent('identity', 'identity.user.reinstated.v1', {
  description: 'An admin lifted a suspension.',
  subject: 'userId',
}, Type.Object({
  userId: Type.String(),
  reinstatedAt: Type.String({ format: 'date-time' }),
}));

export const UserErasureScheduled = defineEvent('identity', 'identity.user.erasure_scheduled.v1', {
  description: 'The user asked for erasure (offer 8.7); it runs on `scheduledFor`, and the user is told at `noticeEmail`.',
  subject: 'userId',
}, Type.Object({
  userId: Type.String(),
  scheduledFor: Type.String({ format: 'date', description: 'Asia/Almaty calendar date' }),
  noticeEmail: Type.String(),
  locale: Locale,
}));

export const UserErased = defineEvent('identity', 'identity.user.erased.v1', {
  description: "The account's personal data is gone. Every service erases or pseudonymises what it holds of this user (financial records stay, without personal data).",
  subject: 'userId',
}, Type.Object({
  userId: Type.String(),
  noticeEmail: Type.String({ description: 'where the "erasure done" notice goes; not kept afterwards' }),
  locale: Locale,
  erasedAt: Type.String({ format: 'date-time' }),
}));

export const OfferPublished = defineEvent('identity', 'identity.offer.published.v1', {
  description: 'An admin published a new version of the public offer; every user is to be told.',
  subject: 'version',
}, Type.Object({
  version: Type.Integer(),
  publishedAt: Type.String({ format: 'date-time' }),
  summary: Type.Optional(Type.Object({ kk: Type.String(), ru: Type.String() })),
  effectiveAt: Type.Optional(Type.String({ format: 'date-time', description: 'when the version becomes the current one (offer 2.6); absent: at publishedAt' })),
}));

export const OfferRefused = defineEvent('identity', 'identity.offer.refused.v1', {
  description: "The user refused the offer (offer 2.7, 3.10): the account is `offer-refused` and every session is revoked; signing in again with the login and password and accepting the current offer restores it (identity.offer.accepted).",
  subject: 'userId',
}, Type.Object({
  userId: Type.String(),
  version: Type.Integer(),
  refusedAt: Type.String({ format: 'date-time' }),
}));

export const OfferAccepted = defineEvent('identity', 'identity.offer.accepted.v1', {
  description: 'The user accepted a version of the offer after registration: from their account, or at sign-in after refusing it (`restoredAccess`: the refused account is active again).',
  subject: 'userId',
}, Type.Object({
  userId: Type.String(),
  version: Type.Integer(),
  acceptedAt: Type.String({ format: 'date-time' }),
  restoredAccess: Type.Boolean(),
}));

export const UserWarned = defineEvent('identity', 'identity.user.warned.v1', {
  description: 'An admin warned the user (offer 7.1.3); the reason is shown in GET /v1/identity/me and sent to them.',
  subject: 'userId',
}, Type.Object({
  userId: Type.String(),
  warningId: Type.String(),
  reason: Type.String(),
  warnedAt: Type.String({ format: 'date-time' }),
}));

export const PasswordChanged = defineEvent('identity', 'identity.user.password_changed.v1', {
  description: 'The password was changed by its owner or reset by a code (offer 6.3.1); the other sessions (all of them after a reset) are revoked.',
  subject: 'userId',
}, Type.Object({
  userId: Type.String(),
  how: Type.Union([Type.Literal('changed'), Type.Literal('reset')]),
  changedAt: Type.String({ format: 'date-time' }),
}));

export const PasswordResetRequested = defineEvent('identity', 'identity.password_reset.requested.v1', {
  description: 'Someone asked to reset the password of this account (offer 6.3.1): notifications sends `code` by `channel` (the kind of login given). The code is single-purpose, valid until `expiresAt` (15 minutes), burnt after 5 wrong tries or one use; see ADR 0028 for why it travels in clear on the internal bus. Never log it.',
  subject: 'userId',
}, Type.Object({
  userId: Type.String(),
  channel: Type.Union([Type.Literal('email'), Type.Literal('sms')]),
  code: Type.String({ pattern: '^[0-9]{6}$' }),
  expiresAt: Type.String({ format: 'date-time' }),
}));

export const identityEvents = [
  UserRegistered, UserProfileUpdated, ConsentChanged, SessionStarted, SessionRevoked, UserSuspended,
  UserReinstated, UserErasureScheduled, UserErased, OfferPublished, OfferRefused,
  OfferAccepted, UserWarned, PasswordChanged, PasswordResetRequested,
] as const;
