import { isCalendarDate } from './calendar.js';

/**
 * Kazakhstan's individual identification number (ЖСН / ИИН): YYMMDD, a century-and-gender digit,
 * a four-digit serial and a control digit.
 */
export type IinResult =
  | { ok: true; birthDate: string; gender: 'male' | 'female' }
  | { ok: false; reason: 'format' | 'checksum' | 'date' };

const FIRST_WEIGHTS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] as const;
const SECOND_WEIGHTS = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2] as const;

/** Checks format, then the control digit, then the birth date; reports the first failure. */
export function validateIin(iin: string): IinResult {
  if (!/^\d{12}$/.test(iin)) return { ok: false, reason: 'format' };
  const digits = Array.from(iin, (ch) => ch.charCodeAt(0) - 48);
  const centuryDigit = digit(digits, 6);
  if (centuryDigit < 1 || centuryDigit > 6) return { ok: false, reason: 'format' };

  const control = controlDigit(digits);
  if (control === null || control !== digit(digits, 11)) return { ok: false, reason: 'checksum' };

  const year = 1800 + 100 * Math.floor((centuryDigit - 1) / 2) + Number(iin.slice(0, 2));
  const month = Number(iin.slice(2, 4));
  const day = Number(iin.slice(4, 6));
  if (!isCalendarDate(year, month, day)) return { ok: false, reason: 'date' };

  return {
    ok: true,
    birthDate: `${year}-${iin.slice(2, 4)}-${iin.slice(4, 6)}`,
    gender: centuryDigit % 2 === 1 ? 'male' : 'female',
  };
}

/** The control digit of the first eleven digits, or null when no control digit exists (such numbers are never issued). */
function controlDigit(digits: readonly number[]): number | null {
  const first = weightedMod11(digits, FIRST_WEIGHTS);
  if (first !== 10) return first;
  const second = weightedMod11(digits, SECOND_WEIGHTS);
  return second === 10 ? null : second;
}

function weightedMod11(digits: readonly number[], weights: readonly number[]): number {
  let sum = 0;
  weights.forEach((weight, i) => {
    sum += weight * digit(digits, i);
  });
  return sum % 11;
}

function digit(digits: readonly number[], index: number): number {
  const value = digits[index];
  if (value === undefined) throw new RangeError(`no digit at ${index}`);
  return value;
}
