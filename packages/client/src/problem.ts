/**
 * RFC 9457 problem details as the platform answers them (`application/problem+json`), raised as
 * one error class so callers switch on `code` and show `errors` next to the fields they name.
 */
import type { paths } from './generated/api.js';

/**
 * The problem body as the API description gives it: every 4xx of the platform answers the same
 * schema (service-kit's), registration's 400 is one that is sure to exist.
 */
type DescribedProblem = paths['/v1/identity/register']['post']['responses'][400]['content']['application/problem+json'];

/** `field`: `/email`, `/device/id`, `query/limit`, `header/idempotency-key` */
export type FieldError = NonNullable<DescribedProblem['errors']>[number];
export type Problem = DescribedProblem & { [extension: string]: unknown };

/** A non-2xx answer. `code` is the problem's stable code (`http-<status>` when the body is no problem). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string | undefined;
  /** field errors of a 400, empty otherwise */
  readonly errors: FieldError[];
  /** the whole problem body (extension members included), or what the server sent */
  readonly problem: Problem;
  readonly response: Response | undefined;

  constructor(problem: Problem, response?: Response) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
    this.status = problem.status;
    this.code = problem.code;
    this.title = problem.title;
    this.detail = problem.detail;
    this.errors = problem.errors ?? [];
    this.problem = problem;
    this.response = response;
  }

  /** The message of the field error for `field` (`/email`), if the server named it. */
  fieldError(field: string): string | undefined {
    return this.errors.find((e) => e.field === field)?.message;
  }
}

function isProblem(body: unknown): body is Problem {
  const b = body as Partial<Problem> | null;
  return typeof b === 'object' && b !== null && typeof b.code === 'string' && typeof b.title === 'string';
}

/** The problem a response carried, or one made up from its status when the body is not a problem. */
export function problemOf(response: Response, body: unknown): Problem {
  if (isProblem(body)) return { ...body, status: typeof body.status === 'number' ? body.status : response.status, type: body.type ?? 'about:blank' };
  const detail = typeof body === 'string' && body ? body.slice(0, 500) : undefined;
  return { type: 'about:blank', title: response.statusText || `HTTP ${response.status}`, status: response.status, code: `http-${response.status}`, ...(detail ? { detail } : {}) };
}

/** Reads a failed response's body and builds the ApiError for it. */
export async function apiErrorFrom(response: Response): Promise<ApiError> {
  const text = await response.text().catch(() => '');
  let body: unknown = text;
  try { body = text ? JSON.parse(text) : undefined; } catch { /* not JSON */ }
  return new ApiError(problemOf(response, body), response);
}
