/**
 * RFC 9457 problem details. `type` is a stable URI per problem kind; `code` repeats its last
 * segment so clients can switch on it without parsing URIs.
 */
export const PROBLEM_BASE = 'https://joo.kz/problems/';
export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

export interface FieldError {
  /** JSON pointer-ish location: `/email`, `/device/id`, or `query/limit` */
  field: string;
  message: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  code: string;
  errors?: FieldError[];
  traceId?: string;
  [extension: string]: unknown;
}

/** An error a handler throws to answer with a problem. Extra members become extension fields. */
export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly detail?: string,
    readonly extensions: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(detail ?? title);
    this.name = 'ProblemError';
  }
}

export const problems = {
  badRequest: (detail: string, errors?: FieldError[]) =>
    new ProblemError(400, 'validation', 'Your request is not valid', detail, errors ? { errors } : {}),
  unauthorized: (detail = 'Authentication is required') => new ProblemError(401, 'unauthorized', 'Unauthorized', detail),
  forbidden: (detail = 'You may not do this', code = 'forbidden') => new ProblemError(403, code, 'Forbidden', detail),
  notFound: (detail = 'Not found') => new ProblemError(404, 'not-found', 'Not found', detail),
  conflict: (code: string, detail: string, extensions: Record<string, unknown> = {}) =>
    new ProblemError(409, code, 'Conflict', detail, extensions),
  unprocessable: (code: string, detail: string, extensions: Record<string, unknown> = {}) =>
    new ProblemError(422, code, 'Unprocessable request', detail, extensions),
  tooManyRequests: (retryAfterSeconds: number, detail = 'Too many requests, try again later') =>
    new ProblemError(429, 'rate-limited', 'Too many requests', detail, { retryAfter: retryAfterSeconds }, {
      'retry-after': String(retryAfterSeconds),
    }),
};

export function problemBody(p: { status: number; code: string; title: string; type?: string } & Record<string, unknown>): Problem {
  return { ...p, type: p.type ?? PROBLEM_BASE + p.code } as Problem;
}
