/**
 * Practice's events (ADR 0020): a scored or re-scored mock and curator feedback go to the student;
 * a mock window's opening reminds every student in the course time of a package in force, whom
 * notifications learns from catalog's entitlement events (package_holders), not by asking anyone.
 */
import { readFileSync } from 'node:fs';
import type { EventRouter } from '@joo/bus';
import { AttemptFinished, AttemptRescored, EntitlementGranted, EntitlementRevoked, FeedbackGiven, MockWindowOpened } from '@joo/contracts';
import type { NotificationsContext } from '../context.js';
import { formatDate, formatDateTime } from '../domain/format.js';
import { subjectLines, type SubjectNames } from '../domain/mock-results.js';
import type { Locale } from '../domain/templates.js';
import { revokeHolder, upsertHolder } from '../store/package-holders.js';
import { templateOf } from '../template-store.js';
import { planForAll, planForUser } from '../usecases/plan.js';

const SUBJECT_NAMES: SubjectNames = (JSON.parse(readFileSync(new URL('../../data/subject-names.json', import.meta.url), 'utf8')) as { names: SubjectNames }).names;

/** Adds the routes of practice's events, and of catalog's entitlements they need, to `router`. */
export function routePracticeEvents(router: EventRouter, ctx: NotificationsContext): EventRouter {
  return router
    .on(EntitlementGranted, async (d, _event, tx) => {
      await upsertHolder(tx, {
        entitlementId: d.entitlementId, userId: d.userId, validFrom: new Date(d.validFrom), validUntil: new Date(d.validUntil),
        courseUntil: d.courseUntil ? new Date(d.courseUntil) : null,
      });
    })
    .on(EntitlementRevoked, async (d, _event, tx) => {
      await revokeHolder(tx, { entitlementId: d.entitlementId, userId: d.userId, at: new Date(d.revokedAt) });
    })
    // Practice sessions are not announced: only the weekly mock's score is news.
    .on(AttemptFinished, async (d, event, tx) => {
      if (d.kind !== 'mock') return;
      await planForUser(tx, ctx, {
        eventId: event.id, userId: d.userId, template: 'mock_result',
        vars: (l: Locale) => ({ total: String(d.total), max: String(d.max), date: formatDate(d.finishedAt), subjects: subjectLines(d.subjects, SUBJECT_NAMES, l) }),
      });
    })
    .on(AttemptRescored, async (d, event, tx) => {
      if (d.kind !== 'mock') return;
      await planForUser(tx, ctx, {
        eventId: event.id, userId: d.userId, template: 'mock_rescored',
        vars: (l: Locale) => ({
          total: String(d.total), max: String(d.max), previous: String(d.previousTotal), date: formatDate(d.finishedAt),
          subjects: subjectLines(d.subjects, SUBJECT_NAMES, l),
        }),
      });
    })
    .on(FeedbackGiven, async (d, event, tx) => {
      await planForUser(tx, ctx, { eventId: event.id, userId: d.studentId, template: 'curator_feedback', vars: () => ({ text: d.text }) });
    })
    .on(MockWindowOpened, async (d, event, tx) => {
      await planForAll(tx, ctx, {
        keyPrefix: `${event.id}:`, template: templateOf(ctx.templates, 'mock_window_opened'), sourceEvent: event.id,
        packageHoldersAt: new Date(d.opensAt),
        vars: () => ({ opens: formatDateTime(d.opensAt), closes: formatDateTime(d.closesAt) }),
      });
    });
}
