import type { FieldError } from '@joo/service-kit';
import { checkPassword, type PasswordProblem } from '../domain/password.js';
import { normalizeKzMobile } from '../domain/phone.js';
import { isRegionCode } from '../domain/regions.js';

/**
 * Domain checks shared by registration and profile edits. Each returns the field error or the
 * normalised value; the caller skips fields that already failed the schema.
 */
export type Checked<T> = { ok: true; value: T } | { ok: false; error: FieldError };

/**
 * Runs domain checks over a body's string fields, collecting each failure into `errors`; a field
 * that already failed the schema (listed in `badFields`) is not checked again.
 */
export function fieldChecker(body: Record<string, unknown>, badFields: ReadonlySet<string>, errors: FieldError[]) {
  return <T>(name: string, fn: (field: string, value: string) => Checked<T>): T | undefined => {
    const value = body[name];
    if (badFields.has(`/${name}`) || typeof value !== 'string') return undefined;
    const result = fn(`/${name}`, value);
    if (result.ok) return result.value;
    errors.push(result.error);
    return undefined;
  };
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@.]{2,}$/;

export function checkEmail(field: string, email: string): Checked<string> {
  const value = email.trim();
  return EMAIL.test(value) && value.length <= 254
    ? { ok: true, value }
    : { ok: false, error: { field, message: 'is not an e-mail address' } };
}

export function checkPhone(field: string, phone: string): Checked<string> {
  const value = normalizeKzMobile(phone);
  return value
    ? { ok: true, value }
    : { ok: false, error: { field, message: 'is not a Kazakhstan mobile number (+7 7xx xxx xx xx)' } };
}

export function checkRegion(field: string, region: string): Checked<string> {
  return isRegionCode(region)
    ? { ok: true, value: region }
    : { ok: false, error: { field, message: 'is not a region code from GET /v1/identity/regions' } };
}

export function checkFullName(field: string, fullName: string): Checked<string> {
  const value = fullName.replace(/\s+/g, ' ').trim();
  return value.length > 0
    ? { ok: true, value }
    : { ok: false, error: { field, message: 'must not be blank' } };
}

const PASSWORD_MESSAGES: Record<PasswordProblem, string> = {
  too_short: 'must have at least 8 characters',
  too_long: 'must have at most 128 characters',
  common: 'is too common; choose another',
  same_as_email: 'must not be your e-mail address',
  same_as_phone: 'must not be your phone number',
  same_as_name: 'must not be your name',
};

export function checkNewPassword(
  field: string, password: string, context: { email?: string; phone?: string; fullName?: string }, common: ReadonlySet<string>,
): FieldError | undefined {
  const verdict = checkPassword(password, context, common);
  if (verdict.ok) return undefined;
  return { field, message: verdict.reasons.map((r) => PASSWORD_MESSAGES[r]).join('; ') };
}
