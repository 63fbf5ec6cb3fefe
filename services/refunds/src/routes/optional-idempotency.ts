import type { FastifyReply, FastifyRequest } from 'fastify';
import { withTransaction, type Pool, type Transaction } from '@joo/db';
import { IDEMPOTENCY_HEADER, replyIdempotently } from '@joo/idempotency';

/**
 * Runs `work` in a transaction and answers with its status. With an Idempotency-Key the work runs at
 * most once per key (a retry gets the first answer); without one the request stands alone — the
 * routes of issue 23 are a contract that does not require the header.
 */
export async function replyOnce<T>(
  request: FastifyRequest, reply: FastifyReply, options: { pool: Pool; scope: string },
  work: (tx: Transaction) => Promise<{ status: number; body: T }>,
): Promise<T> {
  if (request.headers[IDEMPOTENCY_HEADER] !== undefined) return replyIdempotently(request, reply, options, work);
  const answer = await withTransaction(options.pool, work);
  reply.code(answer.status);
  return answer.body;
}
