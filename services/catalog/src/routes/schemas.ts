import { Type, type TSchema } from 'typebox';
export { problemsFor } from '@joo/service-kit';

export const PREFIX = '/v1/catalog';
export const bearer = [{ bearer: [] }];

export const Uuid = Type.String({ format: 'uuid' });
export const IdParams = Type.Object({ id: Uuid });
export const Locale = Type.Enum(['kk', 'ru']);
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
export const Instant = Type.String({ format: 'date-time' });

const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });
export const Bilingual = (max = 500) => Type.Object({ kk: Text(max), ru: Text(max) }, { additionalProperties: false });
/** Text in kk and/or ru: content exists in one language or both. */
export const OneOrBothLanguages = (max = 500) => Type.Object({ kk: Type.Optional(Text(max)), ru: Type.Optional(Text(max)) }, {
  additionalProperties: false, minProperties: 1,
});

export const ProductKind = Type.Enum(['package', 'subscription']);
export const ProductCode = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,49}$', description: 'stable slug, e.g. standard' });
export const Features = Type.Object({
  kk: Type.Array(Text(300), { maxItems: 40 }),
  ru: Type.Array(Text(300), { maxItems: 40 }),
}, { additionalProperties: false });

/** What a version fixes (used by create and by new version). */
export const TermsFields = {
  title: Bilingual(200),
  features: Features,
  bonus: Nullable(Bilingual(1000)),
  price: Type.Integer({ minimum: 0, maximum: 100_000_000_000, description: 'tiyn (1/100 ₸)' }),
  courseMonths: Type.Integer({ minimum: 0, maximum: 60 }),
  bonusDays: Type.Integer({ minimum: 0, maximum: 3650 }),
  requiresProfileSubject: Type.Boolean({ description: 'an order must name the profile-subject pair (offer 5.7)' }),
};

export const Product = Type.Object({
  id: Uuid,
  kind: ProductKind,
  code: Type.String(),
  version: Type.Integer(),
  status: Type.Enum(['active', 'retired']),
  title: Bilingual(),
  features: Features,
  bonus: Nullable(Bilingual()),
  price: Type.Integer({ description: 'tiyn' }),
  currency: Type.Literal('KZT'),
  courseMonths: Type.Integer(),
  bonusDays: Type.Integer(),
  requiresProfileSubject: Type.Boolean(),
  createdAt: Instant,
  updatedAt: Instant,
  retiredAt: Nullable(Instant),
});
