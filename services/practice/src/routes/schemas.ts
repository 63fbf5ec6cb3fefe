import { Type, type TSchema } from 'typebox';
import { Kind } from '../domain/format.js';
export { problemsFor } from '@joo/service-kit';

export const PREFIX = '/v1/practice';
export const bearer = [{ bearer: [] }];

export const Uuid = Type.String({ format: 'uuid' });
export const IdParams = Type.Object({ id: Uuid });
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
export { AnswerSchema, Language, NewQuestion, Option, SubjectCode, Topic } from '../domain/question.js';
export { Kind } from '../domain/format.js';

/** A question as a student sees it before answering: never its key or explanation. */
export const StudentQuestion = Type.Object({
  id: Uuid, version: Type.Integer(), topic: Type.String(), kind: Kind, stem: Type.String(),
  options: Type.Array(Type.Object({ id: Type.String(), text: Type.String(), side: Type.Optional(Type.String()) })),
  context: Nullable(Type.Object({ id: Uuid, title: Type.String(), text: Type.String() })),
});
