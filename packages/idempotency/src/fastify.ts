import type { FastifyReply, FastifyRequest } from 'fastify';
import { withTransaction, type Pool, type Transaction } from '@joo/db';
import { requestFingerprint } from './fingerprint.js';
import { IDEMPOTENCY_HEADER, idempotent } from './idempotency.js';

/**
 * The route-side wrapper: reads the header, fingerprints the request, runs `work` once and sends
 * its answer (with `Idempotent-Replayed: true` on a replay). Use it as the handler's return value.
 */
export async function replyIdempotently<T>(
  request: FastifyRequest,
  reply: FastifyReply,
  options: { pool: Pool; scope: string; now?: Date },
  work: (tx: Transaction) => Promise<{ status: number; body: T }>,
): Promise<T> {
  const route = request.routeOptions.url ?? request.url;
  const answer = await idempotent({
    pool: options.pool,
    scope: options.scope,
    key: request.headers[IDEMPOTENCY_HEADER],
    fingerprint: requestFingerprint(request.method, route, { params: request.params, body: request.body }),
    ...(options.now ? { now: options.now } : {}),
  }, work, (fn) => withTransaction(options.pool, fn));
  if (answer.replayed) reply.header('idempotent-replayed', 'true');
  reply.code(answer.status);
  return answer.body;
}
