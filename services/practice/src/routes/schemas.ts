import { Type, type TSchema } from 'typebox';
export { problemsFor } from '@joo/service-kit';

export const PREFIX = '/v1/practice';
export const bearer = [{ bearer: [] }];

export const Uuid = Type.String({ format: 'uuid' });
export const IdParams = Type.Object({ id: Uuid });
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
export { AnswerSchema, Language, NewQuestion, Option, SubjectCode, Topic } from '../domain/question.js';
export { Kind } from '../domain/format.js';
