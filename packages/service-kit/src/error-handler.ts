import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { trace } from '@opentelemetry/api';
import { isDatabaseUnavailable } from '@joo/db';
import { PROBLEM_CONTENT_TYPE, ProblemError, problemBody, type FieldError, type Problem } from './problems.js';

export interface AjvIssue {
  instancePath: string;
  message?: string;
  keyword: string;
  params: Record<string, unknown>;
}

function traceIdOf(request: FastifyRequest): string {
  return trace.getActiveSpan()?.spanContext().traceId ?? String(request.id);
}

/**
 * Turns Ajv's issues into one entry per bad field, named the way a client sees it (`/email`,
 * `querystring/limit`). A nullable field is a union with null: "must be null" and the union's own
 * summary only repeat what the other branch said, so they are folded away.
 */
export function fieldErrors(issues: AjvIssue[], context: string | undefined): FieldError[] {
  const where = context && context !== 'body' ? context : '';
  const byField = new Map<string, string>();
  const unions: string[] = [];
  for (const issue of issues) {
    let path = issue.instancePath || '';
    if (issue.keyword === 'required') path += `/${String(issue.params.missingProperty)}`;
    if (issue.keyword === 'additionalProperties') path += `/${String(issue.params.additionalProperty)}`;
    const field = `${where}${path || '/'}`;
    if (issue.keyword === 'anyOf') {
      unions.push(field);
      continue;
    }
    if (issue.keyword === 'type' && issue.params.type === 'null') continue;
    const message =
      issue.keyword === 'additionalProperties' ? 'is not a known field'
      : issue.keyword === 'required' ? 'is required'
      : issue.keyword === 'format' ? `is not a valid ${String(issue.params.format)}`
      : issue.message ?? 'is not valid';
    if (!byField.has(field) || issue.keyword === 'format') byField.set(field, message);
  }
  for (const field of unions) {
    const covered = [...byField.keys()].some((f) => f === field || f.startsWith(`${field}/`));
    if (!covered) byField.set(field, 'is not valid');
  }
  return [...byField].map(([field, message]) => ({ field, message }));
}

function send(reply: FastifyReply, problem: Problem, headers: Record<string, string> = {}): FastifyReply {
  return reply.code(problem.status).headers(headers).type(PROBLEM_CONTENT_TYPE).send(problem);
}

const CLIENT_ERRORS: Record<string, { status: number; code: string; title: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'malformed-json', title: 'The body is not valid JSON' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'malformed-json', title: 'The JSON body is empty' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'body-too-large', title: 'The body is too large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'unsupported-media-type', title: 'Send application/json' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'bad-content-length', title: 'Content-Length does not match the body' },
};

/** What a 503 for an unavailable database advises: about as long as a PostgreSQL restart takes. */
export const DEPENDENCY_RETRY_AFTER_SECONDS = 5;

/** One error handler for the whole service: problem+json always, 5xx details never leak. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const traceId = traceIdOf(request);
    const instance = request.url;
    if (error instanceof ProblemError) {
      if (error.status >= 500) request.log.error({ err: error, traceId }, error.message);
      return send(reply, problemBody({
        status: error.status, code: error.code, title: error.title, detail: error.detail,
        instance, traceId, ...error.extensions,
      }), error.headers);
    }
    if (error.validation) {
      const errors = fieldErrors(error.validation as AjvIssue[], error.validationContext);
      return send(reply, problemBody({
        status: 400, code: 'validation', title: 'Your request is not valid',
        detail: `${errors.length} field(s) are not valid`, instance, traceId, errors,
      }));
    }
    const known = error.code ? CLIENT_ERRORS[error.code] : undefined;
    if (known) {
      return send(reply, problemBody({ status: known.status, code: known.code, title: known.title, detail: error.message, instance, traceId }));
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const headers: Record<string, string> = {};
      const retryAfter = reply.getHeader('retry-after');
      if (retryAfter !== undefined) headers['retry-after'] = String(retryAfter);
      return send(reply, problemBody({
        status, code: error.code?.toLowerCase().replace(/^fst_err_/, '').replace(/_/g, '-') || 'client-error',
        title: 'The request cannot be served', detail: error.message, instance, traceId,
      }), headers);
    }
    if (isDatabaseUnavailable(error)) {
      // A restart or failover: the client may retry; the outage is logged, not each request's stack.
      request.log.warn({ err: error, traceId }, 'the database is unavailable');
      return send(reply, problemBody({
        status: 503, code: 'dependency-unavailable', title: 'A service we depend on is unavailable',
        detail: 'Try again in a few seconds.', instance, traceId,
      }), { 'retry-after': String(DEPENDENCY_RETRY_AFTER_SECONDS) });
    }
    request.log.error({ err: error, traceId }, 'unhandled error');
    return send(reply, problemBody({
      status: 500, code: 'internal', title: 'Something went wrong on our side',
      detail: 'The error was logged; quote the traceId when you report it.', instance, traceId,
    }));
  });

  app.setNotFoundHandler((request, reply) =>
    send(reply, problemBody({
      status: 404, code: 'not-found', title: 'Not found',
      detail: `No route ${request.method} ${request.url.split('?')[0]}`, instance: request.url, traceId: traceIdOf(request),
    })),
  );
}
