/**
 * Money is integer tiyn (1 ₸ = 100 tiyn) everywhere inside billing. Providers speak decimal tenge
 * ("160000.00"): these functions are the only crossing between the two.
 */

export const CURRENCY = 'KZT' as const;

/** Largest amount billing accepts: far above any tariff, and exact as a double. */
export const MAX_TIYN = 100_000_000_000; // 1 000 000 000 ₸

/** 16000050 → "160000.50": what a provider's `Amount` field carries. */
export function tiynToDecimal(tiyn: number): string {
  if (!Number.isSafeInteger(tiyn) || tiyn < 0) throw new RangeError(`not an amount in tiyn: ${tiyn}`);
  const tenge = Math.floor(tiyn / 100);
  const rest = tiyn % 100;
  return `${tenge}.${String(rest).padStart(2, '0')}`;
}

/**
 * "160000.5", "160000.50", 160000.5 → 16000050; null for anything that is not a non-negative amount
 * with at most two decimals. Parsed from the text, never by multiplying a float.
 */
export function decimalToTiyn(value: string | number): number | null {
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : value.trim();
  const match = /^(\d{1,12})(?:[.,](\d{1,2}))?$/.exec(text);
  if (!match) return null;
  const tiyn = Number(match[1]) * 100 + Number((match[2] ?? '0').padEnd(2, '0'));
  return tiyn <= MAX_TIYN ? tiyn : null;
}

/** 16000000 → "160 000 ₸" (kk and ru both group thousands with a space); tiyn shown only when present. */
export function formatTenge(tiyn: number): string {
  const tenge = Math.floor(tiyn / 100);
  const grouped = String(tenge).replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0');
  const rest = tiyn % 100;
  return `${grouped}${rest ? `,${String(rest).padStart(2, '0')}` : ''}\u00a0₸`;
}
