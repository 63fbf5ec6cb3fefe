import { localDate } from '@joo/calendar';
import type { FieldError } from '@joo/service-kit';
import { GROUNDS, type Grounds } from './assessment.js';
import { bicProblem, normalizeBic } from './bic.js';
import { kazakhIbanProblem, normalizeIban } from './iban.js';
import { isIsoDate } from '@joo/calendar';

/**
 * The refund application of offer Appendix 1, checked whole: offer 14.4 says an application that is
 * not filled in is not considered, so every missing or invalid field is reported at once and nothing
 * partial is accepted.
 */
export interface ApplicationInput {
  orderId: string;
  /** Item 1: the user's full name. */
  userFullName: string;
  /** Item 2: the payer's full name (a parent often pays). */
  payerFullName: string;
  /** Item 3: the amount asked for, tiyn, as the student states it (the assessment does not use it). */
  amount: number;
  /** Item 4: the account paid from, normalized (no spaces, upper case). */
  accountIban: string;
  /** Item 5: the payment date as the student states it, YYYY-MM-DD. */
  paymentDate: string;
  /** Item 6: the bank's BIC, upper case. */
  bankBic: string;
  /** Item 7: the reason. */
  reason: string;
  /** Offer 14.5; 'standard' when not given. */
  grounds: Grounds;
}

export type ApplicationCheck = { ok: true; value: ApplicationInput } | { ok: false; errors: FieldError[] };

export const MAX_AMOUNT = 1_000_000_000_000;
export const NAME_LENGTH = { min: 2, max: 200 };
export const REASON_LENGTH = { min: 3, max: 2000 };

const FIELDS = ['orderId', 'userFullName', 'payerFullName', 'amount', 'accountIban', 'paymentDate', 'bankBic', 'reason', 'grounds'] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Field = (typeof FIELDS)[number];
/** A field's value, or the message saying what was expected instead. */
export type Parsed<T> = { value: T } | { problem: string };

/** Checks a request body at `now` (whose Almaty date bounds the payment date). */
export function checkApplication(body: unknown, now: Date): ApplicationCheck {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, errors: [{ field: '/', message: 'must be a JSON object with the fields of the refund application (offer Appendix 1)' }] };
  }
  const input = body as Record<string, unknown>;
  const errors: FieldError[] = [];
  const take = <T>(field: Field, parsed: Parsed<T>): T | undefined => {
    if ('problem' in parsed) {
      errors.push({ field: `/${field}`, message: parsed.problem });
      return undefined;
    }
    return parsed.value;
  };

  const value = {
    orderId: take('orderId', orderId(input.orderId)),
    userFullName: take('userFullName', fullName(input.userFullName, 'the user')),
    payerFullName: take('payerFullName', fullName(input.payerFullName, 'the payer')),
    amount: take('amount', amount(input.amount)),
    accountIban: take('accountIban', iban(input.accountIban)),
    paymentDate: take('paymentDate', paymentDate(input.paymentDate, localDate(now))),
    bankBic: take('bankBic', bic(input.bankBic)),
    reason: take('reason', reason(input.reason)),
    grounds: take('grounds', grounds(input.grounds)),
  };
  for (const key of Object.keys(input)) {
    if (!(FIELDS as readonly string[]).includes(key)) errors.push({ field: `/${pointerToken(key)}`, message: 'is not a field of the application' });
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: value as ApplicationInput };
}

/** RFC 6901: "~" and "/" inside a key are escaped. */
function pointerToken(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

function required(value: unknown, expected: string): Parsed<never> | null {
  return value === undefined || value === null ? { problem: `is required: ${expected}` } : null;
}

/** A required field that must be a string, as it was given. */
function requiredText(value: unknown, expected: string): Parsed<string> {
  const missing = required(value, expected);
  if (missing) return missing;
  return typeof value === 'string' ? { value } : { problem: `must be text: ${expected}` };
}

/** A bank's code for an account or for itself (IBAN, BIC): text that `problemOf` accepts, normalized. */
function bankCode(
  value: unknown, expected: string, problemOf: (text: string) => string | null, normalize: (text: string) => string,
): Parsed<string> {
  const text = requiredText(value, expected);
  if ('problem' in text) return text;
  const problem = problemOf(text.value);
  return problem ? { problem } : { value: normalize(text.value) };
}

function orderId(value: unknown): Parsed<string> {
  const expected = 'the id (a UUID) of the paid order to refund';
  const missing = required(value, expected);
  if (missing) return missing;
  if (typeof value !== 'string' || !UUID.test(value.trim())) return { problem: `must be ${expected}` };
  return { value: value.trim().toLowerCase() };
}

/**
 * A full name (Appendix 1 items 1–2): whitespace collapsed, 2–200 characters, at least two words
 * that have a letter — surname and given name, as a bank identifies the payer.
 */
export function fullName(value: unknown, whose: string): Parsed<string> {
  const expected = `the full name of ${whose}: at least two words (surname and given name), ${NAME_LENGTH.min}–${NAME_LENGTH.max} characters`;
  const text = requiredText(value, expected);
  if ('problem' in text) return text;
  const name = text.value.trim().replace(/\s+/g, ' ');
  const words = name.split(' ').filter((w) => /\p{L}/u.test(w));
  if (name.length < NAME_LENGTH.min || name.length > NAME_LENGTH.max || words.length < 2) return { problem: `must be ${expected}` };
  return { value: name };
}

function amount(value: unknown): Parsed<number> {
  const expected = `the amount to refund in tiyn (1 tenge = 100 tiyn): a whole number from 1 to ${MAX_AMOUNT}`;
  const missing = required(value, expected);
  if (missing) return missing;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_AMOUNT) return { problem: `must be ${expected}` };
  return { value };
}

function iban(value: unknown): Parsed<string> {
  return bankCode(value, 'the Kazakhstan IBAN of the account the payment was made from, like KZ86 125K ZT50 0410 0100',
    kazakhIbanProblem, normalizeIban);
}

function paymentDate(value: unknown, today: string): Parsed<string> {
  const expected = `the date of the payment, YYYY-MM-DD, no later than today (${today}, Almaty)`;
  const missing = required(value, expected);
  if (missing) return missing;
  if (typeof value !== 'string' || !isIsoDate(value)) return { problem: `must be a real calendar date: ${expected}` };
  if (value > today) return { problem: `is in the future: ${expected}` };
  return { value };
}

function bic(value: unknown): Parsed<string> {
  return bankCode(value, 'the BIC (SWIFT code) of the Kazakhstan bank holding the account, like CASPKZKA',
    (text) => bicProblem(text, 'KZ'), normalizeBic);
}

function reason(value: unknown): Parsed<string> {
  const expected = `the reason for the refund, ${REASON_LENGTH.min}–${REASON_LENGTH.max} characters`;
  const given = requiredText(value, expected);
  if ('problem' in given) return given;
  const text = given.value.trim();
  if (text.length < REASON_LENGTH.min || text.length > REASON_LENGTH.max) return { problem: `must be ${expected}, not ${text.length}` };
  return { value: text };
}

function grounds(value: unknown): Parsed<Grounds> {
  if (value === undefined) return { value: 'standard' };
  if (typeof value !== 'string' || !(GROUNDS as readonly string[]).includes(value)) {
    return { problem: `must be one of ${GROUNDS.join(', ')} (offer 14.5), or left out for 'standard'` };
  }
  return { value: value as Grounds };
}
