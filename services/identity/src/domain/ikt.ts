/**
 * The ИКТ (индивидуальный код тестируемого / тестіленушінің жеке коды) is the number the
 * National Testing Center gives a candidate when they apply for the ЕНТ/ҰБТ: nine digits, shown on
 * the admission pass and the certificate, and used to look up results and to apply for a grant.
 * It has no published check digit, so only the shape is checked. Spaces and dashes people type
 * between groups are dropped.
 */
export const IKT_LENGTH = 9;

export type IktVerdict = { ok: true; value: string } | { ok: false };

export function normalizeIktCode(text: string): IktVerdict {
  const value = text.replace(/[\s-]/g, '');
  return new RegExp(`^\\d{${IKT_LENGTH}}$`).test(value) ? { ok: true, value } : { ok: false };
}

/**
 * A group of educational programmes of the grant competition (Классификатор направлений
 * подготовки): B and three digits for bachelor's groups (B001…B999). The letter is often typed in
 * Cyrillic (В); it is kept as the Latin B.
 */
export function normalizeProgrammeGroup(text: string): string | null {
  const value = text.trim().toUpperCase().replace(/^В/, 'B');
  return /^B\d{3}$/.test(value) ? value : null;
}
