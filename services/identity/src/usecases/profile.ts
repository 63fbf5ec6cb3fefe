import { UserProfileUpdated } from '@joo/contracts';
import { ProblemError, problems, sessionRevoked, type FieldError } from '@joo/service-kit';
import { emit, isUniqueViolation, write, type IdentityContext } from '../context.js';
import { validateIin } from '../domain/iin.js';
import { normalizeIktCode, normalizeProgrammeGroup } from '../domain/ikt.js';
import { filledFields, PROFILE_FIELDS, type ProfileField } from '../domain/profile.js';
import { findUserWithOffer, type UserWithOffer, type Warning } from '../store/me.js';
import { findUserById, takenContacts, updateUser, type Locale, type UserChanges } from '../store/users.js';
import { checkEmail, checkFullName, checkPhone, checkRegion, fieldChecker } from './field-checks.js';
import { assertProfileSubjectsKept } from './profile-lock.js';
import { alreadyRegistered } from './register.js';

/** Profile fields kept in the profile document; the IIN is kept apart, encrypted. */
export type PlainProfileField = Exclude<ProfileField, 'iin'>;

export interface ProfileView {
  iin: string | null;
  birthDate: string | null;
  gender: 'male' | 'female' | null;
  address: string | null;
  untLanguage: 'kk' | 'ru' | null;
  untDate: string | null;
  untPlace: string | null;
  profileSubjects: string[] | null;
  untScores: Record<string, number> | null;
  grantResult: string | null;
  iktCode: string | null;
  grantApplication: GrantApplication | null;
}

export interface GrantApplication {
  programmeGroup: string;
  universities?: string[];
  submittedAt?: string;
}

export interface MeView extends ProfileView {
  id: string;
  fullName: string | null;
  email: string | null;
  phone: string | null;
  region: string | null;
  locale: Locale;
  roles: string[];
  status: string;
  createdAt: string;
  acceptedOfferVersion: number | null;
  warnings: Warning[];
  suspension: { reason: string; since: string } | null;
}

export interface ProfileChanges {
  fullName?: string;
  email?: string;
  phone?: string;
  region?: string;
  locale?: Locale;
  /** null deletes the IIN */
  iin?: string | null;
  /** null deletes the field (offer 8.6) */
  profile: Partial<Record<PlainProfileField, unknown>>;
}

const IIN_MESSAGES = {
  format: 'must be 12 digits',
  checksum: 'has a wrong control digit',
  date: 'does not hold a valid birth date',
} as const;

/** Domain checks of a PATCH /me body; fields the schema already refused are skipped. */
export function checkProfileChanges(body: Record<string, unknown>, badFields: ReadonlySet<string>): { errors: FieldError[]; changes: ProfileChanges } {
  const errors: FieldError[] = [];
  const changes: ProfileChanges = { profile: {} };
  const check = fieldChecker(body, badFields, errors);
  const fullName = check('fullName', checkFullName);
  if (fullName !== undefined) changes.fullName = fullName;
  const email = check('email', checkEmail);
  if (email !== undefined) changes.email = email;
  const phone = check('phone', checkPhone);
  if (phone !== undefined) changes.phone = phone;
  const region = check('region', checkRegion);
  if (region !== undefined) changes.region = region;
  if (!badFields.has('/locale') && (body.locale === 'kk' || body.locale === 'ru')) changes.locale = body.locale;

  if (!badFields.has('/iin') && body.iin !== undefined) {
    if (body.iin === null) changes.iin = null;
    else {
      const iin = check('iin', (field, value) => {
        const verdict = validateIin(value.trim());
        return verdict.ok ? { ok: true, value: value.trim() } : { ok: false, error: { field, message: IIN_MESSAGES[verdict.reason] } };
      });
      if (iin !== undefined) changes.iin = iin;
    }
  }
  for (const field of PROFILE_FIELDS) {
    if (field === 'iin' || badFields.has(`/${field}`) || body[field] === undefined) continue;
    const value = body[field];
    changes.profile[field] = typeof value === 'string' ? value.trim() : value;
  }
  checkGrantFields(body, badFields, errors, changes);
  return { errors, changes };
}

/** The ИКТ's and the grant application's shapes, normalised in `changes` (offer 7.1.2, 8.1). */
function checkGrantFields(body: Record<string, unknown>, badFields: ReadonlySet<string>, errors: FieldError[], changes: ProfileChanges): void {
  const ikt = body.iktCode;
  if (!badFields.has('/iktCode') && typeof ikt === 'string') {
    const verdict = normalizeIktCode(ikt);
    if (verdict.ok) changes.profile.iktCode = verdict.value;
    else errors.push({ field: '/iktCode', message: 'must be the 9-digit ИКТ from the ЕНТ admission pass' });
  }
  const application = body.grantApplication as GrantApplication | null | undefined;
  if (!badFields.has('/grantApplication') && application) {
    const group = normalizeProgrammeGroup(application.programmeGroup);
    if (group) changes.profile.grantApplication = { ...application, programmeGroup: group };
    else errors.push({ field: '/grantApplication/programmeGroup', message: 'must be B and three digits (B057)' });
  }
}

/**
 * GET /me for a verified token: its session's liveness is read with the profile, in one round
 * trip (shared with the other GET /me of the same moment, ctx.meReads), so a token whose session
 * was signed out gets 401 session-revoked as from any other route; a live session of no user, 404.
 */
export async function getMe(ctx: IdentityContext, caller: { userId: string; sessionId: string }): Promise<MeView> {
  const { found, sessionLive } = await ctx.meReads({ userId: caller.userId, sessionId: caller.sessionId });
  if (!sessionLive) throw sessionRevoked();
  return viewOf(ctx, found);
}

/** `true` when ProfileView holds exactly the profile fields: viewOf's literal then names them all. */
type ViewHoldsEveryProfileField = [keyof ProfileView] extends [ProfileField] ? ([ProfileField] extends [keyof ProfileView] ? true : never) : never;
export const PROFILE_VIEW_IS_COMPLETE: ViewHoldsEveryProfileField = true;

function viewOf(ctx: IdentityContext, found: UserWithOffer | undefined): MeView {
  if (!found) throw problems.notFound('No such user');
  const { user, acceptedOfferVersion, warnings, suspension } = found;
  const p = user.profile as Partial<Omit<ProfileView, 'iin'>>;
  // One object literal: spreading a profile object filled field by field into the view cost
  // about 20 µs a request, more than reading the row.
  return {
    id: user.id, fullName: user.fullName, email: user.email, phone: user.phone, region: user.region,
    locale: user.locale, roles: user.roles, status: user.status, createdAt: user.createdAt.toISOString(),
    acceptedOfferVersion, warnings, suspension,
    iin: user.iinCiphertext ? ctx.pii.decrypt(user.iinCiphertext, user.id) : null,
    birthDate: p.birthDate ?? null, gender: p.gender ?? null, address: p.address ?? null,
    untLanguage: p.untLanguage ?? null, untDate: p.untDate ?? null, untPlace: p.untPlace ?? null,
    profileSubjects: p.profileSubjects ?? null, untScores: p.untScores ?? null, grantResult: p.grantResult ?? null,
    iktCode: p.iktCode ?? null, grantApplication: p.grantApplication ?? null,
  };
}

const iinTaken = () => new ProblemError(409, 'iin-taken', 'Conflict', 'This IIN belongs to another account', {
  errors: [{ field: '/iin', message: 'is already used by another account' }],
});

export async function updateMe(ctx: IdentityContext, userId: string, changes: ProfileChanges): Promise<MeView> {
  const now = ctx.clock();
  const nothing = Object.keys(changes).length === 1 && Object.keys(changes.profile).length === 0;
  if (nothing) return viewOf(ctx, await findUserWithOffer(ctx.pool, userId));
  if (changes.email !== undefined || changes.phone !== undefined) {
    const taken = await takenContacts(ctx.pool, {
      ...(changes.email !== undefined ? { email: changes.email } : {}), ...(changes.phone !== undefined ? { phone: changes.phone } : {}),
    }, userId);
    if (taken.email || taken.phone) throw alreadyRegistered([...(taken.email ? ['email' as const] : []), ...(taken.phone ? ['phone' as const] : [])]);
  }
  try {
    return await write(ctx, async (tx) => {
      const user = await findUserById(tx, userId, { forUpdate: true });
      if (!user || user.status !== 'active') throw problems.forbidden('This account cannot be changed');
      if (changes.profile.profileSubjects !== undefined) await assertProfileSubjectsKept(tx, userId, changes.profile.profileSubjects, now);
      const profile: Record<string, unknown> = { ...user.profile };
      for (const [field, value] of Object.entries(changes.profile)) {
        if (value === null) delete profile[field];
        else profile[field] = value;
      }
      const update: UserChanges = { profile };
      if (changes.fullName !== undefined) update.fullName = changes.fullName;
      if (changes.email !== undefined) update.email = changes.email;
      if (changes.phone !== undefined) update.phone = changes.phone;
      if (changes.region !== undefined) update.region = changes.region;
      if (changes.locale !== undefined) update.locale = changes.locale;
      if (changes.iin !== undefined) {
        update.iin = changes.iin === null ? null
          : { ciphertext: ctx.pii.encrypt(changes.iin, userId), index: ctx.pii.blindIndex(changes.iin) };
      }
      await updateUser(tx, userId, update, now);
      const read = (await findUserWithOffer(tx, userId))!;
      const updated = read.user;
      const filled = filledFields({ ...updated.profile, iin: updated.iinCiphertext ? 'set' : null });
      const subjects = updated.profile.profileSubjects;
      const scores = updated.profile.untScores;
      await emit(tx, UserProfileUpdated, userId, {
        userId, fullName: updated.fullName ?? '', email: updated.email ?? '', phone: updated.phone ?? '',
        region: updated.region ?? '', locale: updated.locale, filled,
        ...(Array.isArray(subjects) ? { profileSubjects: subjects as string[] } : {}),
        untScores: scores && typeof scores === 'object' ? (scores as Record<string, number>) : null,
        updatedAt: now.toISOString(),
      }, now);
      return viewOf(ctx, read);
    });
  } catch (error) {
    if (isUniqueViolation(error, 'users_iin_index_idx')) throw iinTaken();
    if (isUniqueViolation(error, 'users_email_key_idx')) throw alreadyRegistered(['email']);
    if (isUniqueViolation(error, 'users_phone_idx')) throw alreadyRegistered(['phone']);
    throw error;
  }
}
