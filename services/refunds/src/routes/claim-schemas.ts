import { Type } from 'typebox';
import { ANSWER_LENGTH, SUBJECT_LENGTH, TEXT_LENGTH } from '../domain/claims.js';
import { Uuid } from './schemas.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
const Text = (length: { min: number; max: number }, description: string) =>
  Type.String({ minLength: length.min, maxLength: length.max, pattern: '\\S', description: `${description}, ${length.min}–${length.max} characters` });

export const ClaimStatusSchema = Type.Enum(['received', 'answered'], { description: 'received → answered (once)' });

/** What a claim says; the same whether the student files it or an admin enters an e-mailed one. */
export const ClaimFields = {
  subject: Text(SUBJECT_LENGTH, 'what the claim is about'),
  text: Text(TEXT_LENGTH, 'the claim itself'),
  orderId: Type.Optional(Type.String({ format: 'uuid', description: 'an order of the student the claim is about' })),
};

export const AnswerBody = Type.Object({ text: Text(ANSWER_LENGTH, 'the answer, sent to the student by e-mail') }, { additionalProperties: false });

export const ClaimView = Type.Object({
  id: Uuid,
  status: ClaimStatusSchema,
  subject: Type.String(),
  text: Type.String(),
  orderId: Nullable(Uuid),
  channel: Type.Enum(['platform', 'email'], { description: 'platform: filed by the student; email: received at info@joo.kz, entered by an admin' }),
  receivedAt: Type.String({ format: 'date-time', description: 'when the claim reached the company; its deadline counts from here' }),
  answerDueBy: Type.String({ format: 'date', description: 'Asia/Almaty date: 90 calendar days after receipt (offer 13.2)' }),
  answer: Nullable(Type.Object({ text: Type.String(), answeredAt: Type.String({ format: 'date-time' }) })),
});

export const AdminClaimView = Type.Intersect([ClaimView, Type.Object({
  userId: Type.String(),
  enteredBy: Nullable(Type.String({ description: 'the admin who entered a claim received by e-mail' })),
  answeredBy: Nullable(Type.String()),
  overdue: Type.Boolean({ description: 'unanswered after answerDueBy' }),
  daysLeft: Type.Integer({ description: 'calendar days until answerDueBy (Almaty); negative once late' }),
})]);

/** Who sent a request by e-mail and when it arrived, as an admin enters it (the checks are the use case's, to answer 422). */
export const SENDER_DESCRIPTION = {
  userId: 'the student the request is from; a request from no identifiable person is not considered (13.1)',
  receivedAt: 'when the e-mail reached info@joo.kz: an ISO 8601 instant with its offset, or an Almaty date YYYY-MM-DD; not in the future, at most 366 days ago',
};
export const EnteredBy = {
  userId: Type.Optional(Type.String({ maxLength: 200, description: SENDER_DESCRIPTION.userId })),
  receivedAt: Type.String({ maxLength: 40, description: SENDER_DESCRIPTION.receivedAt }),
};

export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(Type.String({ description: '1–255 printable ASCII characters; a UUID works' })),
});
