import { localDate } from '@joo/calendar';
import { decodeTimeIdCursor, problems, timeIdPage } from '@joo/service-kit';
import type { RefundsContext } from '../context.js';
import type { Grounds } from '../domain/assessment.js';
import {
  findApplication, listApplications, listUserApplications, type Application, type ApplicationStatus, type PageAfter,
} from '../store/applications.js';
import { assess, paidOrderOf } from './submit.js';
import { adminApplicationView, applicationView, type AdminApplicationView, type ApplicationView } from './views.js';

function pageAfter(cursor: string | undefined): PageAfter | undefined {
  const key = decodeTimeIdCursor(cursor);
  return key && { submittedAt: key.at, id: key.id };
}

const page = <T>(rows: Application[], limit: number, view: (a: Application) => T) => timeIdPage(rows, limit, (a) => [a.submittedAt, a.id], view);

/** The owner's application; anyone else is told it does not exist. */
export async function getMyApplication(ctx: RefundsContext, userId: string, id: string): Promise<ApplicationView> {
  const application = await findApplication(ctx.pool, id);
  if (!application || application.userId !== userId) throw problems.notFound('There is no such refund application of yours');
  return applicationView(application);
}

export async function listMyApplications(ctx: RefundsContext, userId: string, limit: number, cursor?: string) {
  return page(await listUserApplications(ctx.pool, userId, limit + 1, pageAfter(cursor)), limit, applicationView);
}

export async function getApplicationForAdmin(ctx: RefundsContext, id: string): Promise<AdminApplicationView> {
  const application = await findApplication(ctx.pool, id);
  if (!application) throw problems.notFound('There is no such refund application');
  return adminApplicationView(application, localDate(ctx.clock()));
}

export async function listForAdmin(ctx: RefundsContext, status: ApplicationStatus | undefined, limit: number, cursor?: string) {
  const today = localDate(ctx.clock());
  return page(await listApplications(ctx.pool, status ?? null, limit + 1, pageAfter(cursor)), limit, (a) => adminApplicationView(a, today));
}

/** What an application filed now would be assessed at: the student sees it before filling in the form. */
export async function previewAssessment(ctx: RefundsContext, userId: string, orderId: string, grounds: Grounds) {
  const facts = await paidOrderOf(ctx.pool, userId, orderId);
  const paidAmount = facts.payments.reduce((sum, p) => sum + p.amount, 0);
  return { orderId, grounds, assessment: assess(facts, grounds, ctx.clock()), paidAmount, alreadyRefunded: facts.alreadyRefunded, currency: facts.currency };
}
