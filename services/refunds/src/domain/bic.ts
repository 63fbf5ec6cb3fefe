/**
 * Bank identifier codes (ISO 9362, SWIFT), the bank of Appendix 1 item 6: 4 letters for the bank,
 * 2 for the country, 2 letters or digits for the location and an optional 3 for the branch.
 */

/** Trimmed and upper-cased, as the BIC is kept. */
export function normalizeBic(value: string): string {
  return value.trim().toUpperCase();
}

/**
 * null for a well-formed BIC (normalized first), otherwise what is wrong with it. With
 * `ibanCountry`, the bank must be in that country, since the account (the IBAN) is held there.
 */
export function bicProblem(value: string, ibanCountry?: string): string | null {
  const bic = normalizeBic(value);
  const expected = 'expected 8 or 11 characters like CASPKZKA: 4-letter bank, 2-letter country, 2-character location, optional 3-character branch';
  if (bic === '') return `is empty: ${expected}`;
  if (bic.length !== 8 && bic.length !== 11) return `has ${bic.length} characters: ${expected}`;
  if (!/^[A-Z]{4}$/.test(bic.slice(0, 4))) return `must start with a 4-letter bank code, not ${bic.slice(0, 4)}`;
  if (!/^[A-Z]{2}$/.test(bic.slice(4, 6))) return `must have a 2-letter country code at characters 5–6, not ${bic.slice(4, 6)}`;
  if (!/^[A-Z0-9]{2}$/.test(bic.slice(6, 8))) return `must have a location code of 2 letters or digits at characters 7–8, not ${bic.slice(6, 8)}`;
  if (bic.length === 11 && !/^[A-Z0-9]{3}$/.test(bic.slice(8))) return `must have a branch code of 3 letters or digits at characters 9–11, not ${bic.slice(8)}`;
  if (ibanCountry !== undefined && bic.slice(4, 6) !== ibanCountry.toUpperCase()) {
    return `is a bank in ${bic.slice(4, 6)}, but the account is in ${ibanCountry.toUpperCase()}: give the BIC of the bank that holds the account`;
  }
  return null;
}
