import type { FieldError } from '@joo/service-kit';

/** Offer Appendix 2 item 8: help in choosing 4 universities and 4 specialties. */
export const MAX_UNIVERSITIES = 4;
export const MAX_SPECIALTIES = 4;

export interface Choices {
  universities: string[];
  specialties: string[];
}

/** Over-long or repeated choices; an empty list means the shortlist may be saved. */
export function checkChoices(choices: Choices): FieldError[] {
  const errors: FieldError[] = [];
  const check = (field: keyof Choices, max: number, what: string) => {
    const list = choices[field];
    if (list.length > max) errors.push({ field: `/${field}`, message: `at most ${max} ${what} (offer, Appendix 2 item 8); ${list.length} given` });
    if (new Set(list).size !== list.length) errors.push({ field: `/${field}`, message: `each ${what.replace(/ies$/, 'y')} once` });
  };
  check('universities', MAX_UNIVERSITIES, 'universities');
  check('specialties', MAX_SPECIALTIES, 'specialties');
  return errors;
}
