/**
 * The optional profile fields of offer 7.1.2 / 8.1 as identity names them in the `filled` list of
 * identity.user.profile_updated.v1. A contest or survey may require any of them; a user who did
 * not give them cannot take part (7.1.2).
 */
export const PROFILE_FIELDS = [
  'iin', 'birthDate', 'gender', 'address', 'untLanguage', 'untDate', 'untPlace', 'profileSubjects', 'untScores', 'grantResult',
] as const;

export type ProfileField = (typeof PROFILE_FIELDS)[number];

/** How the site names each field to the user, so a refusal can say what to fill in. */
export const PROFILE_FIELD_LABELS: Record<ProfileField, { kk: string; ru: string }> = {
  iin: { kk: 'ЖСН', ru: 'ИИН' },
  birthDate: { kk: 'Туған күні', ru: 'Дата рождения' },
  gender: { kk: 'Жынысы', ru: 'Пол' },
  address: { kk: 'Мекенжайы', ru: 'Адрес' },
  untLanguage: { kk: 'ҰБТ тапсыру тілі', ru: 'Язык сдачи ЕНТ' },
  untDate: { kk: 'ҰБТ тапсыру күні', ru: 'Дата сдачи ЕНТ' },
  untPlace: { kk: 'ҰБТ тапсыру орны', ru: 'Место сдачи ЕНТ' },
  profileSubjects: { kk: 'Бейіндік пәндер', ru: 'Профильные предметы' },
  untScores: { kk: 'ҰБТ нәтижелері', ru: 'Результаты ЕНТ' },
  grantResult: { kk: 'Грант конкурсының нәтижесі', ru: 'Результат конкурса на грант' },
};

export function isProfileField(name: string): name is ProfileField {
  return (PROFILE_FIELDS as readonly string[]).includes(name);
}
