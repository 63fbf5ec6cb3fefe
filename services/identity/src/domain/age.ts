/**
 * Offer 8.2: a student under 18 needs their legal representatives' consent to the processing of
 * their personal data. Age is counted in whole years on the Almaty calendar date; someone born on
 * 29 February comes of age on 1 March in a common year.
 */
export const AGE_OF_MAJORITY = 18;

/** Whole years between `birthDate` and `today` (both `YYYY-MM-DD`). */
export function ageOn(birthDate: string, today: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  const hadBirthday = tm > bm || (tm === bm && td >= bd);
  return ty - by - (hadBirthday ? 0 : 1);
}

export function isMinor(birthDate: string, today: string): boolean {
  return ageOn(birthDate, today) < AGE_OF_MAJORITY;
}
