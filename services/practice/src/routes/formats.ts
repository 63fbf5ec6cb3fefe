import { Type } from 'typebox';
import { problems, type App } from '@joo/service-kit';
import type { PracticeContext } from '../context.js';
import { FormatDocument, FormatSection, formatInForce, formatTotals } from '../domain/format.js';
import { PREFIX, problemsFor } from './schemas.js';

const CurrentFormat = Type.Object({
  ...FormatDocument.properties,
  sections: Type.Array(Type.Object({ ...FormatSection.properties, taskCount: Type.Integer(), maxPoints: Type.Integer() })),
  tasks: Type.Integer({ description: 'tasks in the whole exam' }),
  maxPoints: Type.Integer({ description: 'the highest possible total' }),
});

export function formatRoutes(app: App, ctx: PracticeContext): void {
  app.get(`${PREFIX}/formats/current`, {
    schema: {
      operationId: 'practiceGetCurrentFormat',
      tags: ['practice'], security: [], summary: 'The ҰБТ format in force (by effective date), with its totals; sources: data/formats/SOURCES.md',
      response: { 200: CurrentFormat, ...problemsFor(404) },
    },
  }, async () => {
    const format = formatInForce(ctx.formats, ctx.clock());
    if (!format) throw problems.notFound('No exam format is in force yet');
    const totals = formatTotals(format);
    return {
      ...format,
      sections: format.sections.map((s, i) => ({ ...s, taskCount: totals.sections[i]!.tasks, maxPoints: totals.sections[i]!.maxPoints })),
      tasks: totals.tasks, maxPoints: totals.maxPoints, durationMinutes: totals.durationMinutes,
    };
  });
}
