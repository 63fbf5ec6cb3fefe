import { randomUUID } from 'node:crypto';
import { localDate } from '@joo/calendar';
import { UserRegistered } from '@joo/contracts';
import { problems, type FieldError } from '@joo/service-kit';
import { emit, isUniqueViolation, write, type IdentityContext } from '../context.js';
import { hashPassword } from '../crypto/passwords.js';
import { isMinor } from '../domain/age.js';
import { isIsoDate } from '../domain/calendar.js';
import { NO_CONSENTS, saveConsents, type Consents } from '../store/consents.js';
import { COOKIE_POLICY_VERSION, PARENTAL_CONSENT_VERSION, recordPolicyAcceptance } from '../store/policy-acceptances.js';
import { currentOfferVersion, recordOfferDecision } from '../store/offers.js';
import { insertUser, takenContacts, type Locale } from '../store/users.js';
import { checkEmail, checkFullName, checkNewPassword, checkPhone, checkRegion, fieldChecker } from './field-checks.js';

export interface RegistrationInput {
  fullName: string;
  region: string;
  email: string;
  phone: string;
  password: string;
  locale: Locale;
  offerVersion: number;
  consents: Consents;
  /** offer 8.2: the student said a parent or legal representative agreed */
  parentalConsent: boolean;
  /** the birth date given makes the student under 18 */
  minor: boolean;
}

/**
 * The domain checks of a registration body whose shape may be partly wrong: fields named in
 * `badFields` (already reported by the schema) are skipped, everything else is checked, so one
 * answer lists every problem. Returns the normalised input when nothing is wrong.
 */
export async function checkRegistration(
  ctx: IdentityContext, body: Record<string, unknown>, badFields: ReadonlySet<string>,
): Promise<{ errors: FieldError[]; input?: RegistrationInput }> {
  const errors: FieldError[] = [];
  const check = fieldChecker(body, badFields, errors);
  const fullName = check('fullName', checkFullName);
  const email = check('email', checkEmail);
  const phone = check('phone', checkPhone);
  const region = check('region', checkRegion);
  const password = check('password', (field, value) => {
    const problem = checkNewPassword(field, value, {
      ...(email !== undefined ? { email } : {}), ...(phone !== undefined ? { phone } : {}), ...(fullName !== undefined ? { fullName } : {}),
    }, ctx.commonPasswords);
    return problem ? { ok: false, error: problem } : { ok: true, value };
  });
  if (!badFields.has('/acceptOffer') && body.acceptOffer !== true) {
    errors.push({ field: '/acceptOffer', message: 'must be true: registration needs the offer accepted' });
  }
  const current = await currentOfferVersion(ctx.pool);
  if (!badFields.has('/offerVersion') && body.offerVersion !== current) {
    errors.push({ field: '/offerVersion', message: current === undefined ? 'no offer is published yet' : `must be the current offer version (${current})` });
  }
  const today = localDate(ctx.clock());
  const birthDate = typeof body.birthDate === 'string' && !badFields.has('/birthDate') ? body.birthDate : undefined;
  if (birthDate !== undefined && (!isIsoDate(birthDate) || birthDate > today)) {
    errors.push({ field: '/birthDate', message: 'must be a real date, not in the future' });
  }
  const consents = (body.consents ?? {}) as Partial<Consents> & { crossBorder?: boolean; parental?: boolean };
  if (consents.crossBorder !== undefined && consents.crossBorderTransfer !== undefined && consents.crossBorder !== consents.crossBorderTransfer) {
    errors.push({ field: '/consents/crossBorder', message: 'crossBorder and crossBorderTransfer name the same consent: give one, or the same value' });
  }
  if (errors.length > 0 || badFields.size > 0) return { errors };
  return {
    errors,
    input: {
      fullName: fullName!, email: email!, phone: phone!, region: region!, password: password!,
      locale: body.locale as Locale, offerVersion: current!,
      consents: {
        marketingEmail: consents.marketingEmail ?? false,
        marketingSms: consents.marketingSms ?? false,
        marketingCalls: consents.marketingCalls ?? false,
        // Never assumed: without it notifications keeps the user's messages in the in-app inbox (offer 3.7).
        crossBorderTransfer: consents.crossBorder ?? consents.crossBorderTransfer ?? false,
      },
      parentalConsent: consents.parental === true,
      minor: birthDate !== undefined && isMinor(birthDate, today),
    },
  };
}

export const alreadyRegistered = (fields: Array<'email' | 'phone'>) =>
  problems.conflict('already-registered', `This ${fields.join(' and ')} is already registered; sign in instead`, {
    errors: fields.map((f) => ({ field: `/${f}`, message: 'is already registered' })),
  });

export async function register(
  ctx: IdentityContext, input: RegistrationInput, meta: { ip: string; userAgent: string | null },
): Promise<{ userId: string }> {
  // Offer 8.2 and ADR 0024: a minor without the parental confirmation is not registered at all.
  if (input.minor && !input.parentalConsent) {
    throw problems.unprocessable('parental-consent-required',
      'A student under 18 registers with a parent\'s or legal representative\'s consent: tick it (consents.parental: true) and send again (offer 8.2)',
      { errors: [{ field: '/consents/parental', message: 'must be true for a student under 18' }] });
  }
  const taken = await takenContacts(ctx.pool, { email: input.email, phone: input.phone });
  if (taken.email || taken.phone) throw alreadyRegistered([...(taken.email ? ['email' as const] : []), ...(taken.phone ? ['phone' as const] : [])]);

  const passwordHash = await hashPassword(input.password);
  const now = ctx.clock();
  const userId = randomUUID();
  const consents: Consents = { ...NO_CONSENTS, ...input.consents };
  const roles = ['student'];
  try {
    await write(ctx, async (tx) => {
      await insertUser(tx, { id: userId, fullName: input.fullName, email: input.email, phone: input.phone, region: input.region, locale: input.locale, passwordHash, roles, now });
      await recordOfferDecision(tx, { userId, version: input.offerVersion, decision: 'accepted', now, ip: meta.ip, userAgent: meta.userAgent });
      await saveConsents(tx, userId, consents, 'registration', now);
      // Offer 3.7: accepting the offer accepts the cookie policy; 8.2: the parental confirmation, when given.
      const where = { userId, now, ip: meta.ip, userAgent: meta.userAgent };
      await recordPolicyAcceptance(tx, { ...where, policy: 'cookie-policy', version: COOKIE_POLICY_VERSION });
      if (input.parentalConsent) await recordPolicyAcceptance(tx, { ...where, policy: 'parental-consent', version: PARENTAL_CONSENT_VERSION });
      await emit(tx, UserRegistered, userId, {
        userId, fullName: input.fullName, email: input.email, phone: input.phone, region: input.region, locale: input.locale,
        roles, consents, offerVersion: input.offerVersion, registeredAt: now.toISOString(),
      }, now);
    });
  } catch (error) {
    // Lost a race with another registration of the same contacts: the unique indexes decide.
    if (isUniqueViolation(error, 'users_email_key_idx')) throw alreadyRegistered(['email']);
    if (isUniqueViolation(error, 'users_phone_idx')) throw alreadyRegistered(['phone']);
    throw error;
  }
  ctx.metrics.registrations.inc();
  return { userId };
}
