/**
 * Password rules of ASVS 5.0 V6.2: a length floor and ceiling counted in code points, no
 * composition rules, and a deny list of common and context-specific passwords. The password is
 * judged as typed: never trimmed, truncated or case-folded for storage.
 */
export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 128;

export type PasswordProblem = 'too_short' | 'too_long' | 'common' | 'same_as_email' | 'same_as_phone' | 'same_as_name';

export interface PasswordContext {
  email?: string;
  phone?: string;
  fullName?: string;
}

export type PasswordVerdict = { ok: true } | { ok: false; reasons: PasswordProblem[] };

/**
 * `common` holds lower-case NFKC entries, as loadCommonPasswords builds it; the password is compared
 * in the same form, so the check ignores case.
 */
export function checkPassword(pw: string, ctx: PasswordContext, common: ReadonlySet<string>): PasswordVerdict {
  const reasons: PasswordProblem[] = [];
  const length = [...pw].length;
  if (length < MIN_PASSWORD_LENGTH) reasons.push('too_short');
  if (length > MAX_PASSWORD_LENGTH) reasons.push('too_long');

  const folded = fold(pw);
  if (common.has(folded)) reasons.push('common');
  if (ctx.email !== undefined && matchesEmail(folded, fold(ctx.email))) reasons.push('same_as_email');
  if (ctx.phone !== undefined && matchesPhone(pw, ctx.phone)) reasons.push('same_as_phone');
  if (ctx.fullName !== undefined && matchesName(folded, fold(ctx.fullName))) reasons.push('same_as_name');

  return reasons.length === 0 ? { ok: true } : { ok: false, reasons };
}

/** The comparison form of a password or a list entry: NFKC, lower case. */
export function fold(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

function matchesEmail(pw: string, email: string): boolean {
  const address = email.trim();
  if (address === '') return false;
  const at = address.lastIndexOf('@');
  const local = at > 0 ? address.slice(0, at) : address;
  return pw === address || pw === local;
}

/** The login may be the phone in any spelling: compare digits, with and without the country code. */
function matchesPhone(pw: string, phone: string): boolean {
  if (!/^[\d\s()+.-]+$/.test(pw)) return false;
  const pwDigits = pw.replace(/\D/g, '');
  const phoneDigits = phone.replace(/\D/g, '');
  if (phoneDigits.length < 10 || pwDigits === '') return false;
  const national = phoneDigits.slice(-10);
  return pwDigits === phoneDigits || pwDigits === national || pwDigits === `8${national}`;
}

function matchesName(pw: string, fullName: string): boolean {
  const name = fullName.replace(/\s+/g, ' ').trim();
  if (name === '') return false;
  return pw.replace(/\s+/g, ' ').trim() === name || pw.replace(/\s+/g, '') === name.replace(/ /g, '');
}
