/**
 * Kazakhstan IBANs (ISO 13616), the account of Appendix 1 item 4: "KZ", 2 check digits, a 3-digit
 * bank code and a 13-character account — 20 characters whose mod-97 is 1.
 */
export const KAZAKH_IBAN_LENGTH = 20;

/** What people type (spaces, lower case) to the electronic form: no whitespace, upper case. */
export function normalizeIban(value: string): string {
  return value.replace(/\s+/g, '').toUpperCase();
}

/** ISO 7064 MOD 97-10 over an IBAN: the first four characters moved to the end, letters as 10–35. */
export function ibanMod97(iban: string): number {
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const char of rearranged) {
    const code = char.charCodeAt(0);
    const digits = code >= 65 && code <= 90 ? String(code - 55) : char;
    for (const digit of digits) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder;
}

/** null for a valid Kazakhstan IBAN (normalized first), otherwise what is wrong with it. */
export function kazakhIbanProblem(value: string): string | null {
  const iban = normalizeIban(value);
  if (iban === '') return 'is empty: expected a Kazakhstan IBAN like KZ86 125K ZT50 0410 0100';
  if (!/^[A-Z0-9]+$/.test(iban)) return 'may contain only Latin letters and digits: expected a Kazakhstan IBAN like KZ86 125K ZT50 0410 0100';
  if (!iban.startsWith('KZ')) return `must be a Kazakhstan account starting with KZ, not ${iban.slice(0, 2)}`;
  if (iban.length !== KAZAKH_IBAN_LENGTH) {
    return `must have ${KAZAKH_IBAN_LENGTH} characters (KZ, 2 check digits, 3-digit bank code, 13-character account), not ${iban.length}`;
  }
  if (!/^\d{2}$/.test(iban.slice(2, 4))) return 'must have two check digits after KZ';
  if (!/^\d{3}$/.test(iban.slice(4, 7))) return 'must have a 3-digit bank code after the check digits';
  if (ibanMod97(iban) !== 1) return 'has check digits that do not match (ISO 13616 mod-97): a character is mistyped';
  return null;
}
