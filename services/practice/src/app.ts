import { ADMIN_TAG } from '@joo/service-kit';
import { createServiceApp, outboxContext, type BuiltService, type ServiceAppDeps } from '@joo/service-runtime';
import type { PracticeContext } from './context.js';
import type { FormatDocument } from './domain/format.js';
import { loadProfilePairs, type ProfilePair } from './domain/profile-pairs.js';
import type { WeeklySchedule } from './domain/weekly-windows.js';
import { loadFormats } from './format-files.js';
import { adminMockRoutes } from './routes/admin-mocks.js';
import { contextRoutes } from './routes/contexts.js';
import { curatorRoutes } from './routes/curators.js';
import { formatRoutes } from './routes/formats.js';
import { mockRoutes } from './routes/mocks.js';
import { progressRoutes } from './routes/progress.js';
import { questionRoutes } from './routes/questions.js';
import { sessionRoutes } from './routes/sessions.js';

export interface BuildAppDeps extends ServiceAppDeps {
  clock?: () => Date;
  /** The format documents; data/formats/ when not given. */
  formats?: FormatDocument[];
  /** catalog's profile pairs; data/profile-pairs.json when not given */
  profilePairs?: ProfilePair[];
  /** the weekly default mock window; Sunday 10:00–22:00 at UTC+5 when not given, null for admin windows only */
  weekly?: WeeklySchedule | null;
}

/** Sunday 10:00–22:00 Almaty (UTC+5): the config's defaults. */
export const DEFAULT_WEEKLY: WeeklySchedule = { weekday: 0, opensAtMinute: 600, closesAtMinute: 1320, utcOffsetMinutes: 300 };

/** The practice service (exam format, question bank, practice sessions) as a Fastify app. */
export async function buildApp(deps: BuildAppDeps): Promise<BuiltService<PracticeContext>> {
  const app = await createServiceApp(deps, {
    name: 'practice',
    description: 'Practice for the ҰБТ: the exam format as data, the question bank practice sessions and the weekly mock (issue 22, ADRs 0018, 0019)',
    tags: [
      { name: 'practice', description: 'The ҰБТ format in force, practice sessions and their answers' },
      ADMIN_TAG,
    ],
  });
  const ctx: PracticeContext = {
    ...outboxContext(deps),
    clock: deps.clock ?? (() => new Date()),
    formats: deps.formats ?? loadFormats(),
    profilePairs: deps.profilePairs ?? loadProfilePairs(),
    weekly: deps.weekly === undefined ? DEFAULT_WEEKLY : deps.weekly,
    wakeTicker: () => {},
  };
  formatRoutes(app, ctx);
  contextRoutes(app, ctx);
  questionRoutes(app, ctx);
  sessionRoutes(app, ctx);
  mockRoutes(app, ctx);
  adminMockRoutes(app, ctx);
  progressRoutes(app, ctx);
  curatorRoutes(app, ctx);
  return { app, ctx };
}
