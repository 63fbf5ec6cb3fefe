import { Type, type TSchema } from 'typebox';
export { problemsFor } from '@joo/service-kit';

export const PREFIX = '/v1/practice';
export const bearer = [{ bearer: [] }];

export const Uuid = Type.String({ format: 'uuid' });
export const IdParams = Type.Object({ id: Uuid });
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
export const Language = Type.Union([Type.Literal('kk'), Type.Literal('ru')]);
/** Catalog's subject codes (services/catalog/data/subjects.json), e.g. math, kz-history. */
export const SubjectCode = Type.String({ pattern: '^[a-z][a-z-]{1,39}$' });
export const Topic = Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' });
export { Kind } from '../domain/format.js';

export const Option = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 20, pattern: '^[A-Za-z0-9_-]+$' }),
  text: Type.String({ minLength: 1, maxLength: 2000 }),
  side: Type.Optional(Type.Union([Type.Literal('left'), Type.Literal('right')], { description: 'matching questions only: which column the option is in' })),
}, { additionalProperties: false });

/** single and context: an option id; multiple: option ids; matching: left option id → right option id. */
export const AnswerSchema = Type.Union([
  Type.String({ maxLength: 20 }),
  Type.Array(Type.String({ maxLength: 20 }), { maxItems: 20 }),
  Type.Record(Type.String({ maxLength: 20 }), Type.String({ maxLength: 20 }), { maxProperties: 20 }),
], { description: 'single and context: an option id; multiple: a list of option ids; matching: an object mapping each left option id to a right option id' });
