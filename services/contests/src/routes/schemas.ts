import { Type, type TSchema } from 'typebox';
import { PROFILE_FIELDS } from '../domain/profile-fields.js';
import { REGION_CODES } from '../domain/regions.js';
export { problemsFor } from '@joo/service-kit';

export const PREFIX = '/v1/contests';
export const bearer = [{ bearer: [] }];

export const Uuid = Type.String({ format: 'uuid' });
export const IdParams = Type.Object({ id: Uuid });
export const Instant = Type.String({ format: 'date-time' });
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const Localized = (maxLength = 2000) => Type.Object({
  kk: Type.String({ minLength: 1, maxLength, pattern: '\\S' }),
  ru: Type.String({ minLength: 1, maxLength, pattern: '\\S' }),
}, { additionalProperties: false });
export const LocalizedOut = Type.Object({ kk: Type.String(), ru: Type.String() });

export const ProfileFieldName = Type.Enum([...PROFILE_FIELDS]);
export const RegionCode = Type.Enum([...REGION_CODES]);
export const LocaleCode = Type.Enum(['kk', 'ru']);
export const CONTEST_KINDS = ['general', 'partner_grants'] as const;
export const ContestKind = Type.Enum([...CONTEST_KINDS], {
  description: 'partner_grants: the 50 internal grants of partner universities (offer Appendix 2, item 9)',
});

export function withoutUndefined<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
