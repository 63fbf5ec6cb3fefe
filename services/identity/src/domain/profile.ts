/**
 * The optional profile of offer 7.1.2 and 8.1: the user may leave any of it out (7.1.2), and then
 * cannot take part in surveys formed by territory or other criteria, nor receive Gifts.
 * Registration fields (full name, region, e-mail, phone) are not part of it (3.2.1).
 */
export const PROFILE_FIELDS = [
  'iin',
  'birthDate',
  'gender',
  'address',
  'untLanguage',
  'untDate',
  'untPlace',
  'profileSubjects',
  'untScores',
  'grantResult',
  // offer 7.1.2 / 8.1: the candidate's test-taker code and grant application (issue 23)
  'iktCode',
  'grantApplication',
] as const;

export type ProfileField = (typeof PROFILE_FIELDS)[number];

export type ProfileValues = Partial<Record<ProfileField, unknown>>;

/**
 * Names of the profile fields that hold a value, in PROFILE_FIELDS order. null and undefined are
 * empty, and so are a blank string, an empty array and an empty object (what a cleared form field
 * sends); false and 0 are values.
 */
export function filledFields(profile: ProfileValues): ProfileField[] {
  return PROFILE_FIELDS.filter((field) => holdsValue(profile[field]));
}

function holdsValue(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.length > 0;
  if (value instanceof Date) return !Number.isNaN(value.getTime());
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}
