import type { FastifyReply, FastifyRequest, RawServerBase, RequestGenericInterface } from 'fastify';
import type { Dispatcher, Pool } from 'undici';
import type { Counter } from 'prom-client';
import { ProblemError } from '@joo/service-kit';
import { isSafePath } from './path-safety.js';
import { forwardedHeaders, returnAnswerHeaders } from './proxy-headers.js';
import { codesOf, upstreamProblem } from './upstream-errors.js';

/** Answers up to this size are read whole and sent in one write; larger or unsized ones stream. */
const BUFFERED_ANSWER_BYTES = 256 * 1024;
const NO_BODY_STATUSES = new Set([204, 304]);

export type AnyReply = FastifyReply<RequestGenericInterface, RawServerBase>;

/** Drops an answer nobody will read; destroying it unread raises an abort error nobody waits for. */
function discard(body: Dispatcher.ResponseData['body']): void {
  body.once('error', () => {});
  body.destroy();
}

/**
 * Sends a request on to the service `name` through its pool, as it came (path, query, headers bar
 * the gateway's own, unparsed body), and its answer back. Most answers are small JSON: they are
 * read whole and written to the client at once, which costs the gateway about half of what piping
 * a stream through Fastify did (bench/content-access.ts). Nothing is retried: the client decides
 * when to, and a retry would multiply load on a struggling service.
 */
export function forwarder(pools: ReadonlyMap<string, Pool>, failures: Counter<'service' | 'status'>) {
  return async (name: string, request: FastifyRequest, reply: AnyReply): Promise<unknown> => {
    if (!isSafePath(request.url)) {
      throw new ProblemError(400, 'bad-path', 'The path is not allowed', 'Paths may not contain dot segments or control characters');
    }
    const fail = (error: unknown) => {
      const problem = upstreamProblem(name, error);
      failures.inc({ service: name, status: String(problem.status) });
      reply.log.warn({ service: name, codes: codesOf(error) }, 'upstream call failed');
      // The body may be half read: the connection cannot carry another request, so say so, or
      // the client and the server's close() wait for a keep-alive timeout.
      if (!request.raw.complete) reply.header('connection', 'close');
      return reply.send(problem);
    };
    const method = request.method as Dispatcher.HttpMethod;
    const hasBody = method !== 'GET' && method !== 'HEAD' && request.body !== undefined && request.body !== null;
    let answer;
    try {
      answer = await pools.get(name)!.request({
        method,
        path: request.url,
        headers: forwardedHeaders(request, request.headers),
        body: hasBody ? (request.body as NodeJS.ReadableStream as never) : null,
      });
    } catch (error) {
      return fail(error);
    }
    const { statusCode, headers, body } = answer;
    const length = Number(headers['content-length']);
    let payload: Buffer | typeof body | undefined;
    if (method === 'HEAD' || NO_BODY_STATUSES.has(statusCode)) {
      body.dump().catch(() => {});
    } else if (length <= BUFFERED_ANSWER_BYTES) {
      try {
        payload = Buffer.from(await body.arrayBuffer());
      } catch (error) {
        return fail(error);
      }
    } else {
      payload = body;
    }
    // (The request stream itself is destroyed once its body was read: ask the connection.)
    if (request.raw.socket?.destroyed === true) {
      // The client went away meanwhile: nobody reads an answer.
      if (payload === body) discard(body);
      return reply;
    }
    try {
      reply.code(statusCode);
    } catch (error) {
      // A status Fastify cannot send (outside 100–599) is no usable answer: 502, not 500.
      if (payload === body) discard(body);
      return fail(error);
    }
    returnAnswerHeaders(reply, headers, payload !== undefined);
    if (!request.raw.complete) reply.header('connection', 'close');
    return reply.send(payload);
  };
}
