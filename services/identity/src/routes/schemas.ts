import { Type, type TSchema } from 'typebox';
export { problemsFor } from '@joo/service-kit';

export const PREFIX = '/v1/identity';

export const Locale = Type.Enum(['kk', 'ru']);
export const Bilingual = Type.Object({
  kk: Type.String({ minLength: 1, maxLength: 500_000 }),
  ru: Type.String({ minLength: 1, maxLength: 500_000 }),
}, { additionalProperties: false });

export const Consents = Type.Object({
  marketingEmail: Type.Boolean(),
  marketingSms: Type.Boolean(),
  marketingCalls: Type.Boolean(),
  crossBorderTransfer: Type.Boolean(),
}, { additionalProperties: false });

export const TokenPair = Type.Object({
  accessToken: Type.String(),
  refreshToken: Type.String(),
  expiresIn: Type.Integer({ description: 'seconds the access token lives' }),
  sessionId: Type.String({ format: 'uuid' }),
});

export const Uuid = Type.String({ format: 'uuid' });
export const IdParams = Type.Object({ id: Uuid });
export const Empty = Type.Null({ description: 'no content' });

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** The optional profile of offer 7.1.2 / 8.1; each may be null (deleted, offer 8.6). */
export const ProfileFields = {
  iin: Nullable(Type.String({ minLength: 1, maxLength: 20, description: '12 digits, checksum-validated; shown only to its owner' })),
  birthDate: Nullable(Type.String({ format: 'date' })),
  gender: Nullable(Type.Enum(['male', 'female'])),
  address: Nullable(Type.String({ minLength: 1, maxLength: 500 })),
  untLanguage: Nullable(Type.Enum(['kk', 'ru'])),
  untDate: Nullable(Type.String({ format: 'date' })),
  untPlace: Nullable(Type.String({ minLength: 1, maxLength: 300 })),
  profileSubjects: Nullable(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 10, uniqueItems: true })),
  untScores: Nullable(Type.Record(Type.String({ minLength: 1, maxLength: 100 }), Type.Integer({ minimum: 0, maximum: 140 }), { maxProperties: 10 })),
  grantResult: Nullable(Type.String({ minLength: 1, maxLength: 1000 })),
  iktCode: Nullable(Type.String({ minLength: 1, maxLength: 20, description: 'ИКТ, the 9-digit test-taker code of the ЕНТ' })),
  grantApplication: Nullable(Type.Object({
    programmeGroup: Type.String({ minLength: 1, maxLength: 10, description: 'group of educational programmes, B and three digits (B057)' }),
    universities: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 4, uniqueItems: true, description: 'the universities chosen, in order (at most 4)' })),
    submittedAt: Type.Optional(Type.String({ format: 'date' })),
  }, { additionalProperties: false })),
};

export const Me = Type.Object({
  id: Uuid,
  fullName: Nullable(Type.String()),
  email: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  region: Nullable(Type.String()),
  locale: Locale,
  roles: Type.Array(Type.String()),
  status: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  acceptedOfferVersion: Nullable(Type.Integer()),
  warnings: Type.Array(Type.Object({ id: Uuid, reason: Type.String(), issuedAt: Type.String({ format: 'date-time' }) }), {
    description: 'warnings an admin gave you, newest first (offer 7.1.3)',
  }),
  suspension: Nullable(Type.Object({ reason: Type.String(), since: Type.String({ format: 'date-time' }) }, { description: 'why the account is suspended' })),
  ...ProfileFields,
});

export const Device = Type.Object({
  sessionId: Uuid,
  name: Type.String(),
  lastSeenAt: Type.String({ format: 'date-time' }),
});

export const bearer = [{ bearer: [] }];
