/**
 * What a question is, as authors send it and the bank stores it: the JSON schemas of its parts
 * (the OpenAPI document and an import's row checks both use them).
 */
import { Type, type Static } from 'typebox';
import { Kind } from './format.js';

const Uuid = Type.String({ format: 'uuid' });
export const Language = Type.Union([Type.Literal('kk'), Type.Literal('ru')]);
/** Catalog's subject codes (services/catalog/data/subjects.json), e.g. math, kz-history. */
export const SubjectCode = Type.String({ pattern: '^[a-z][a-z-]{1,39}$' });
export const Topic = Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' });

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

export const NewQuestion = Type.Object({
  subject: SubjectCode,
  topic: Topic,
  language: Language,
  kind: Kind,
  stem: Type.String({ minLength: 1, maxLength: 5000, pattern: '\\S' }),
  options: Type.Array(Option, { minItems: 2, maxItems: 12 }),
  answer: AnswerSchema,
  explanation: Type.String({ minLength: 1, maxLength: 5000, pattern: '\\S' }),
  difficulty: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
  contextId: Type.Optional(Uuid),
  free: Type.Optional(Type.Boolean({ description: 'open to every student, entitled or not (the free demo set)' })),
}, { additionalProperties: false });
export type NewQuestion = Static<typeof NewQuestion>;
