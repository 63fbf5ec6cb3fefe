/**
 * A question as an author sends it (one at a time or in an import), checked beyond its JSON
 * schema: its options and answer against its kind, and its context against the contexts stored.
 */
import { Compile } from 'typebox/compile';
import type { FieldError } from '@joo/service-kit';
import { answerProblems, optionProblems, type Answer } from '../domain/answers.js';
import { NewQuestion } from '../domain/question.js';
import type { ContextRecord } from '../store/contexts.js';
import type { QuestionFields } from '../store/questions.js';

const check = Compile(NewQuestion);

/** Schema problems of one row of an import, each field prefixed with the row's index. */
export function schemaProblems(row: unknown, prefix: string): FieldError[] {
  if (check.Check(row)) return [];
  const seen = new Set<string>();
  return check.Errors(row).map((e) => ({ field: `${prefix}${e.instancePath}`, message: e.message }))
    .filter((e) => !seen.has(e.field) && seen.add(e.field));
}

/** Rules a schema cannot say: options and answer fit the kind; a context task names a stored context in its language. */
export function contentProblems(q: NewQuestion, contexts: Map<string, ContextRecord>, prefix = ''): FieldError[] {
  const errors = [
    ...optionProblems(q.kind, q.options, `${prefix}/options`),
    ...answerProblems(q.kind, q.options, q.answer, { field: `${prefix}/answer` }),
  ];
  if (q.kind === 'context') {
    const context = q.contextId ? contexts.get(q.contextId) : undefined;
    if (!q.contextId) errors.push({ field: `${prefix}/contextId`, message: 'a context task names its context' });
    else if (!context) errors.push({ field: `${prefix}/contextId`, message: 'there is no such context' });
    else if (context.language !== q.language) errors.push({ field: `${prefix}/contextId`, message: `the context is in ${context.language}` });
  } else if (q.contextId) {
    errors.push({ field: `${prefix}/contextId`, message: 'only context tasks have a context' });
  }
  return errors;
}

export function questionFields(q: NewQuestion): QuestionFields {
  return {
    subject: q.subject, topic: q.topic.trim(), language: q.language, free: q.free ?? false,
    kind: q.kind, stem: q.stem, options: q.options, answer: q.answer as Answer, explanation: q.explanation,
    difficulty: q.difficulty ?? null, contextId: q.contextId ?? null,
  };
}
