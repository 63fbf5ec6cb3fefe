import { Type } from 'typebox';
import type { App } from '@joo/service-kit';
import type { CatalogContext } from '../context.js';
import { Bilingual, PREFIX } from './schemas.js';

const Subjects = Type.Object({
  subjects: Type.Array(Type.Object({ code: Type.String(), compulsory: Type.Boolean(), name: Bilingual() })),
  profilePairs: Type.Array(Type.Object({ code: Type.String(), subjects: Type.Array(Type.String()) })),
});

export function subjectRoutes(app: App, ctx: CatalogContext): void {
  app.get(`${PREFIX}/subjects`, {
    schema: { operationId: 'catalogListSubjects', security: [], tags: ['catalog'], summary: 'ҰБТ subjects and the allowed profile-subject pairs (public)', response: { 200: Subjects } },
  }, async (_request, reply) => {
    reply.header('cache-control', 'public, max-age=3600');
    return { subjects: ctx.subjects.subjects, profilePairs: ctx.subjects.profilePairs };
  });
}
