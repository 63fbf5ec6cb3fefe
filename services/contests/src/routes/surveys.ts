import { Type, type Static } from 'typebox';
import { Paginated, PageQuery, type App } from '@joo/service-kit';
import type { ContestsContext } from '../context.js';
import type { Question } from '../domain/questions.js';
import {
  createSurvey, listAdminSurveys, respond, surveyForStudent, surveyResults, surveysForStudent,
} from '../usecases/surveys.js';
import {
  bearer, IdParams, Instant, LocaleCode, Localized, LocalizedOut, Nullable, PREFIX, ProfileFieldName, problemsFor, RegionCode,
  withoutUndefined,
} from './schemas.js';

const Slug = Type.String({ pattern: '^[A-Za-z0-9_-]{1,40}$' });

const QuestionIn = Type.Object({
  id: Slug,
  type: Type.Enum(['single', 'multiple', 'scale', 'text']),
  text: Localized(2000),
  options: Type.Optional(Type.Array(Type.Object({ id: Slug, text: Localized(500) }, { additionalProperties: false }), { maxItems: 30 })),
  scale: Type.Optional(Type.Object({
    min: Type.Integer({ minimum: -100, maximum: 100 }), max: Type.Integer({ minimum: -100, maximum: 100 }),
  }, { additionalProperties: false, description: 'scale questions; default 1 to 5' })),
  required: Type.Optional(Type.Boolean({ description: 'default true' })),
  maxLength: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, description: 'text questions; default 2000' })),
}, { additionalProperties: false });

const NewSurveyBody = Type.Object({
  title: Localized(300),
  description: Type.Optional(Localized(5000)),
  targeting: Type.Object({
    regions: Type.Optional(Type.Array(RegionCode, { uniqueItems: true, maxItems: 20 })),
    locales: Type.Optional(Type.Array(LocaleCode, { uniqueItems: true, maxItems: 2 })),
    requiredProfileFields: Type.Optional(Type.Array(ProfileFieldName, { uniqueItems: true, maxItems: 10 })),
  }, { additionalProperties: false }),
  questions: Type.Array(QuestionIn, { minItems: 1, maxItems: 50 }),
  opensAt: Instant,
  closesAt: Instant,
}, { additionalProperties: false });

const QuestionOut = Type.Object({
  id: Type.String(), type: Type.String(), text: LocalizedOut,
  options: Type.Optional(Type.Array(Type.Object({ id: Type.String(), text: LocalizedOut }))),
  scale: Type.Optional(Type.Object({ min: Type.Integer(), max: Type.Integer() })),
  required: Type.Optional(Type.Boolean()),
  maxLength: Type.Optional(Type.Integer()),
});
const SurveyOut = Type.Object({
  id: Type.String(), title: LocalizedOut, description: Nullable(LocalizedOut),
  targeting: Type.Object({
    regions: Type.Optional(Type.Array(Type.String())), locales: Type.Optional(Type.Array(Type.String())),
    requiredProfileFields: Type.Array(Type.String()),
  }),
  questions: Type.Array(QuestionOut), opensAt: Instant, closesAt: Instant,
});
const StudentSurvey = Type.Object({ ...SurveyOut.properties, answered: Type.Boolean() });

const AnswerValue = Type.Union([
  Type.String({ maxLength: 10_000 }), Type.Array(Type.String({ maxLength: 40 }), { maxItems: 30 }), Type.Number(), Type.Null(),
]);
const ResponseBody = Type.Object({
  answers: Type.Record(Type.String({ maxLength: 40 }), AnswerValue, { maxProperties: 60, description: 'question id → option id, option ids, a number or a text' }),
}, { additionalProperties: false });

const Results = Type.Object({
  surveyId: Type.String(), title: LocalizedOut, responses: Type.Integer(),
  questions: Type.Array(Type.Object({
    questionId: Type.String(), type: Type.String(), text: LocalizedOut, answered: Type.Integer(),
    options: Type.Optional(Type.Array(Type.Object({ id: Type.String(), text: LocalizedOut, count: Type.Integer(), share: Type.Number() }))),
    mean: Type.Optional(Nullable(Type.Number())), median: Type.Optional(Nullable(Type.Number())),
    distribution: Type.Optional(Type.Array(Type.Object({ value: Type.Integer(), count: Type.Integer() }))),
    answers: Type.Optional(Type.Array(Type.String(), { description: 'free-text answers, newest first, at most 200, without who wrote them' })),
  })),
});

function toSurvey(body: Static<typeof NewSurveyBody>) {
  return withoutUndefined({
    title: body.title,
    description: body.description,
    targeting: withoutUndefined({
      regions: body.targeting.regions, locales: body.targeting.locales,
      requiredProfileFields: body.targeting.requiredProfileFields ?? [],
    }),
    questions: body.questions as Question[],
    opensAt: new Date(body.opensAt),
    closesAt: new Date(body.closesAt),
  });
}

export function surveyRoutes(app: App, ctx: ContestsContext): void {
  const admin = { onRequest: app.requireRole('admin') };
  const student = { onRequest: app.requireRole('student') };
  const tags = ['surveys'];

  app.post(`${PREFIX}/admin/surveys`, {
    ...admin,
    schema: {
      operationId: 'contestsAdminCreateSurvey',
      tags: [...tags, 'admin'], summary: 'Create a survey (offer section 9) with its window and targeting', security: bearer,
      body: NewSurveyBody, response: { 201: Type.Object({ id: Type.String() }), ...problemsFor(400, 401, 403) },
    },
  }, async (request, reply) => reply.code(201).send(await createSurvey(ctx, request.user.sub, toSurvey(request.body))));

  app.get(`${PREFIX}/admin/surveys`, {
    ...admin,
    schema: {
      operationId: 'contestsAdminListSurveys',
      tags: [...tags, 'admin'], summary: 'All surveys, newest first', security: bearer,
      querystring: Type.Object(PageQuery, { additionalProperties: false }),
      response: { 200: Paginated(SurveyOut), ...problemsFor(400, 401, 403) },
    },
  }, async (request) => listAdminSurveys(ctx, withoutUndefined({ limit: request.query.limit ?? 20, cursor: request.query.cursor })));

  app.get(`${PREFIX}/admin/surveys/:id/results`, {
    ...admin,
    schema: {
      operationId: 'contestsAdminGetSurveyResults',
      tags: [...tags, 'admin'], summary: 'Aggregates per question; no respondent is named', security: bearer, params: IdParams,
      response: { 200: Results, ...problemsFor(400, 401, 403, 404) },
    },
  }, async (request) => surveyResults(ctx, request.params.id));

  app.get(`${PREFIX}/surveys`, {
    ...student,
    schema: {
      operationId: 'contestsListMySurveys',
      tags, summary: 'The open surveys meant for you (region, language, profile data)', security: bearer,
      response: { 200: Type.Object({ items: Type.Array(StudentSurvey) }), ...problemsFor(401, 403) },
    },
  }, async (request) => surveysForStudent(ctx, request.user.sub));

  app.get(`${PREFIX}/surveys/:id`, {
    ...student,
    schema: {
      operationId: 'contestsGetSurvey',
      tags, summary: 'A survey meant for you', security: bearer, params: IdParams,
      response: { 200: StudentSurvey, ...problemsFor(400, 401, 403, 404) },
    },
  }, async (request) => surveyForStudent(ctx, request.user.sub, request.params.id));

  app.post(`${PREFIX}/surveys/:id/responses`, {
    ...student,
    schema: {
      operationId: 'contestsAnswerSurvey',
      tags, summary: 'Answer a survey, once; answers are checked against its questions (422 lists the bad ones)', security: bearer,
      params: IdParams, body: ResponseBody,
      response: { 201: Type.Object({ id: Type.String() }), ...problemsFor(400, 401, 403, 404, 409, 422) },
    },
  }, async (request, reply) => reply.code(201).send(await respond(ctx, request.user.sub, request.params.id, request.body.answers)));
}
