import { uuidv7 } from 'uuidv7';
import { ProblemError, problems, decodeCursor, timeIdPage } from '@joo/service-kit';
import { isUniqueViolation, write, type ContestsContext } from '../context.js';
import { checkEligibility } from '../domain/eligibility.js';
import { checkAnswers, checkQuestions, normaliseAnswers, type Localized, type Question } from '../domain/questions.js';
import { summarise } from '../domain/results.js';
import { findProfile } from '../store/profiles.js';
import {
  answeredSurveyIds, answerSheets, findSurvey, insertResponse, insertSurvey, listSurveys, openSurveys, type Survey, type Targeting,
} from '../store/surveys.js';
import { refusal } from './refusals.js';

export interface NewSurvey {
  title: Localized;
  description?: Localized;
  targeting: Targeting;
  questions: Question[];
  opensAt: Date;
  closesAt: Date;
}

const notFound = () => problems.notFound('No such survey');

export async function createSurvey(ctx: ContestsContext, actorId: string, s: NewSurvey): Promise<{ id: string }> {
  const issues = checkQuestions(s.questions);
  if (s.closesAt <= s.opensAt) issues.push({ field: '/closesAt', message: 'must be after opensAt' });
  if (issues.length > 0) throw problems.badRequest(`${issues.length} field(s) are not valid`, issues);
  const id = uuidv7();
  await insertSurvey(ctx.pool, {
    id, title: s.title, description: s.description ?? null, targeting: s.targeting, questions: s.questions,
    opensAt: s.opensAt, closesAt: s.closesAt, createdAt: ctx.clock(), createdBy: actorId,
  });
  return { id };
}

function surveyView(s: Survey) {
  return {
    id: s.id, title: s.title, description: s.description, targeting: s.targeting, questions: s.questions,
    opensAt: s.opensAt.toISOString(), closesAt: s.closesAt.toISOString(),
  };
}

export async function listAdminSurveys(ctx: ContestsContext, page: { limit: number; cursor?: string }) {
  const after = decodeCursor(page.cursor, 2) as [string, string] | undefined;
  const rows = await listSurveys(ctx.pool, page.limit + 1, after);
  return timeIdPage(rows, page.limit, (s) => [s.createdAt, s.id], surveyView);
}

/** The open surveys meant for this student (targeting and required profile data), with whether they answered. */
export async function surveysForStudent(ctx: ContestsContext, userId: string) {
  const profile = await findProfile(ctx.pool, userId);
  const meant = (await openSurveys(ctx.pool, ctx.clock())).filter((s) => checkEligibility(profile, s.targeting).ok);
  const answered = await answeredSurveyIds(ctx.pool, userId, meant.map((s) => s.id));
  return { items: meant.map((s) => ({ ...surveyView(s), answered: answered.has(s.id) })) };
}

/** One survey as the student sees it; a survey not meant for them is answered like a missing one. */
export async function surveyForStudent(ctx: ContestsContext, userId: string, id: string) {
  const s = await findSurvey(ctx.pool, id);
  if (!s || s.opensAt > ctx.clock()) throw notFound();
  const verdict = checkEligibility(await findProfile(ctx.pool, userId), s.targeting);
  // Missing profile data is said (7.1.2: the student can fill it in); other targeting hides the survey.
  if (!verdict.ok && verdict.reason === 'profile-incomplete') throw refusal(verdict, 'survey');
  if (!verdict.ok) throw notFound();
  const answered = await answeredSurveyIds(ctx.pool, userId, [id]);
  return { ...surveyView(s), answered: answered.has(id) };
}

export async function respond(ctx: ContestsContext, userId: string, id: string, answers: Record<string, unknown>): Promise<{ id: string }> {
  const s = await findSurvey(ctx.pool, id);
  const now = ctx.clock();
  if (!s || s.opensAt > now) throw notFound();
  const verdict = checkEligibility(await findProfile(ctx.pool, userId), s.targeting);
  if (!verdict.ok && verdict.reason === 'profile-incomplete') throw refusal(verdict, 'survey');
  if (!verdict.ok) throw notFound();
  if (s.closesAt <= now) throw problems.conflict('survey-closed', 'The survey is closed');
  const issues = checkAnswers(s.questions, answers);
  if (issues.length > 0) throw problems.unprocessable('invalid-answers', `${issues.length} answer(s) do not fit the questions`, { errors: issues });
  const responseId = uuidv7();
  try {
    await write(ctx, (tx) => insertResponse(tx, { id: responseId, surveyId: id, userId, answers: normaliseAnswers(s.questions, answers), now }));
  } catch (error) {
    if (isUniqueViolation(error, 'survey_responses_one_per_user')) {
      throw new ProblemError(409, 'already-answered', 'Conflict', 'You have answered this survey already');
    }
    throw error;
  }
  ctx.metrics.surveyResponses.inc();
  return { id: responseId };
}

export async function surveyResults(ctx: ContestsContext, id: string) {
  const s = await findSurvey(ctx.pool, id);
  if (!s) throw notFound();
  const sheets = await answerSheets(ctx.pool, id);
  return { surveyId: id, title: s.title, responses: sheets.length, questions: summarise(s.questions, sheets) };
}
