import { Type, type TSchema } from 'typebox';
import { findDeadLetter, listDeadLetters, type DeadLetter } from '@joo/bus';
import type { Pool } from '@joo/db';
import { operationPrefix, problems, problemsFor, type App } from '@joo/service-kit';
import { replayLetter, sourceOf } from './dead-letters.js';

export interface DeadLetterRoutesOptions {
  pool: Pool;
  /** The service name: the routes live under `/v1/<service>/admin/dead-letters`. */
  service: string;
  /** Runs after a replay committed its handler's effects, e.g. to wake the outbox relay. */
  onApplied?: () => void;
}

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

// No envelope here: its data can hold personal data, and a list is what gets pasted into tickets.
const DeadLetterSummary = Type.Object({
  id: Type.String({ format: 'uuid' }),
  consumer: Type.String({ description: 'the consuming service (durable consumer name)' }),
  eventId: Type.String({ description: 'the event id; `<stream>:<seq>` for a message that was not an envelope' }),
  eventType: Nullable(Type.String()),
  source: Nullable(Type.String({ description: 'the publishing service; null without a valid envelope' })),
  error: Type.String({ description: 'the last failure, with its stack' }),
  attempts: Type.Integer(),
  failedAt: Type.String({ format: 'date-time' }),
  replayedAt: Nullable(Type.String({ format: 'date-time' })),
});

const DeadLetterView = Type.Object({
  ...DeadLetterSummary.properties,
  envelope: Type.Unknown({ description: 'the event as received, or `{ raw }` when it was not an envelope' }),
});

const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const bearer = [{ bearer: [] }];

function summary(letter: DeadLetter) {
  const { envelope: _envelope, failedAt, replayedAt, ...rest } = letter;
  return { ...rest, source: sourceOf(letter), failedAt: failedAt.toISOString(), replayedAt: replayedAt?.toISOString() ?? null };
}

/**
 * Operators' view of this service's dead letters and their replay through the handler the
 * consumer runs in this process (admins only). Without auth configured there is no one to let
 * in, so nothing is registered.
 */
export function deadLetterRoutes(app: App, options: DeadLetterRoutesOptions): void {
  const { pool, service } = options;
  if (!app.hasDecorator('requireRole')) {
    app.log.warn({ service }, 'no auth configured: the dead-letter admin routes are not registered');
    return;
  }
  const base = `/v1/${service}/admin/dead-letters`;
  const admin = { preHandler: app.requireRole('admin') };
  const tags = [service];
  const prefix = operationPrefix(service);

  app.get(base, {
    ...admin,
    schema: {
      operationId: `${prefix}ListDeadLetters`,
      tags, summary: 'Dead letters of this service, newest first (open ones unless includeReplayed)', security: bearer,
      querystring: Type.Object({
        includeReplayed: Type.Boolean({ default: false }),
        limit: Type.Integer({ minimum: 1, maximum: 100, default: 50 }),
      }),
      response: { 200: Type.Object({ items: Type.Array(DeadLetterSummary) }), ...problemsFor(400, 401, 403) },
    },
  }, async (request) => {
    const { includeReplayed, limit } = request.query;
    return { items: (await listDeadLetters(pool, undefined, { includeReplayed, limit })).map(summary) };
  });

  app.get(`${base}/:id`, {
    ...admin,
    schema: {
      operationId: `${prefix}GetDeadLetter`,
      tags, summary: 'One dead letter with the envelope it holds', security: bearer,
      params: IdParams,
      response: { 200: DeadLetterView, ...problemsFor(400, 401, 403, 404) },
    },
  }, async (request) => {
    const letter = await findDeadLetter(pool, request.params.id);
    if (!letter) throw problems.notFound(`There is no dead letter ${request.params.id}`);
    return { ...summary(letter), envelope: letter.envelope };
  });

  app.post(`${base}/:id/replay`, {
    ...admin,
    schema: {
      operationId: `${prefix}ReplayDeadLetter`,
      tags, security: bearer,
      summary: 'Runs the event through its consumer\'s live handler once more (an event applied meanwhile is not applied twice)',
      description: '409 already-replayed; 422 not-an-envelope, no-live-handler, or replay-failed (the letter stays open with the new error and one more attempt).',
      params: IdParams,
      response: {
        200: Type.Object({ id: Type.String(), outcome: Type.Enum(['applied', 'duplicate']) }),
        ...problemsFor(400, 401, 403, 404, 409, 422),
      },
    },
  }, async (request) => {
    const result = await replayLetter(pool, request.params.id, options.onApplied);
    request.log.info({ deadLetter: result.id, outcome: result.outcome, by: request.user.sub }, 'dead letter replayed');
    return result;
  });
}
