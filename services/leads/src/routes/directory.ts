import { Type } from 'typebox';
import { decodeCursor, PageQuery, Paginated, problems, type App } from '@joo/service-kit';
import type { LeadsContext } from '../context.js';
import { findUniversity, listUniversities, type UniversityInput } from '../store/universities.js';
import { createUniversity, removeUniversity, replaceUniversity } from '../usecases/universities.js';
import { nextCursorAfter, stringIdCursor } from './cursors.js';
import { bearer, Empty, IdParams, PREFIX, problemsFor, Text, University, UniversityBody } from './schemas.js';
import type { Static } from 'typebox';

function inputOf(body: Static<typeof UniversityBody>): UniversityInput {
  return {
    name: body.name, region: body.region, city: body.city ?? null, country: body.country ?? 'KZ', languages: body.languages ?? [],
    website: body.website ?? null,
    grants: { state: body.grants?.state ?? false, internal: body.grants?.internal ?? 0, note: body.grants?.note ?? null },
    programmes: body.programmes,
  };
}

/** The university directory: public reading, admin writing. */
export function directoryRoutes(app: App, ctx: LeadsContext): void {
  app.get(`${PREFIX}/universities`, {
    schema: {
      operationId: 'leadsListUniversities', security: [],
      tags: ['leads'], summary: 'Universities with their programmes, by name; filter by region or text',
      querystring: Type.Object({
        region: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
        q: Type.Optional(Text(100)),
        ...PageQuery,
      }, { additionalProperties: false }),
      response: { 200: Paginated(University), ...problemsFor(400) },
    },
  }, async (request) => {
    const limit = request.query.limit ?? 20;
    const after = stringIdCursor(decodeCursor(request.query.cursor, 2));
    const items = await listUniversities(ctx.pool, {
      limit, ...(request.query.region ? { region: request.query.region } : {}), ...(request.query.q ? { q: request.query.q } : {}),
      ...(after ? { after } : {}),
    });
    return { items, nextCursor: nextCursorAfter(items, limit, (u) => [u.name.ru, u.id]) };
  });

  app.get(`${PREFIX}/universities/:id`, {
    schema: { operationId: 'leadsGetUniversity', security: [], tags: ['leads'], summary: 'A university and its programmes', params: IdParams, response: { 200: University, ...problemsFor(400, 404) } },
  }, async (request) => {
    const university = await findUniversity(ctx.pool, request.params.id);
    if (!university) throw problems.notFound('No such university');
    return university;
  });

  const admin = { preHandler: app.requireRole('admin') };
  app.post(`${PREFIX}/admin/universities`, {
    ...admin,
    schema: {
      operationId: 'leadsAdminCreateUniversity',
      tags: ['leads', 'admin'], summary: 'Add a university to the directory', security: bearer, body: UniversityBody,
      response: { 201: Type.Object({ id: Type.String({ format: 'uuid' }) }), ...problemsFor(400, 401, 403) },
    },
  }, async (request, reply) => reply.code(201).send(await createUniversity(ctx, inputOf(request.body))));

  app.put(`${PREFIX}/admin/universities/:id`, {
    ...admin,
    schema: {
      operationId: 'leadsAdminUpdateUniversity',
      tags: ['leads', 'admin'], summary: 'Replace a university; programmes keep their ids by code', security: bearer,
      params: IdParams, body: UniversityBody, response: { 200: University, ...problemsFor(400, 401, 403, 404) },
    },
  }, async (request) => replaceUniversity(ctx, request.params.id, inputOf(request.body)));

  app.delete(`${PREFIX}/admin/universities/:id`, {
    ...admin,
    schema: {
      operationId: 'leadsAdminDeleteUniversity',
      tags: ['leads', 'admin'], summary: 'Take a university out of the directory (its leads and ledger stay)', security: bearer,
      params: IdParams, response: { 204: Empty, ...problemsFor(400, 401, 403, 404) },
    },
  }, async (request, reply) => {
    await removeUniversity(ctx, request.params.id);
    return reply.code(204).send(null);
  });
}
