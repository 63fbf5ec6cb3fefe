import { ADMIN_TAG } from '@joo/service-kit';
import { createServiceApp, outboxContext, type BuiltService, type ServiceAppDeps } from '@joo/service-runtime';
import type { PracticeContext } from './context.js';
import type { FormatDocument } from './domain/format.js';
import { loadFormats } from './format-files.js';
import { contextRoutes } from './routes/contexts.js';
import { curatorRoutes } from './routes/curators.js';
import { formatRoutes } from './routes/formats.js';
import { progressRoutes } from './routes/progress.js';
import { questionRoutes } from './routes/questions.js';
import { sessionRoutes } from './routes/sessions.js';

export interface BuildAppDeps extends ServiceAppDeps {
  clock?: () => Date;
  /** The format documents; data/formats/ when not given. */
  formats?: FormatDocument[];
}

/** The practice service (exam format, question bank, practice sessions) as a Fastify app. */
export async function buildApp(deps: BuildAppDeps): Promise<BuiltService<PracticeContext>> {
  const app = await createServiceApp(deps, {
    name: 'practice',
    description: 'Practice for the ҰБТ: the exam format as data, the question bank and practice sessions (issue 22, ADR 0018)',
    tags: [
      { name: 'practice', description: 'The ҰБТ format in force, practice sessions and their answers' },
      ADMIN_TAG,
    ],
  });
  const ctx: PracticeContext = {
    ...outboxContext(deps),
    clock: deps.clock ?? (() => new Date()),
    formats: deps.formats ?? loadFormats(),
  };
  formatRoutes(app, ctx);
  contextRoutes(app, ctx);
  questionRoutes(app, ctx);
  sessionRoutes(app, ctx);
  progressRoutes(app, ctx);
  curatorRoutes(app, ctx);
  return { app, ctx };
}
