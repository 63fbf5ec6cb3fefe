import { ProblemError } from '@joo/service-kit';

const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

/** The error codes of a failed call, its causes' and those of an AggregateError's parts (a few levels deep). */
export function codesOf(error: unknown): string[] {
  const codes: string[] = [];
  for (let e = error as { code?: unknown; cause?: unknown; errors?: unknown[] } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (typeof e.code === 'string') codes.push(e.code);
    for (const inner of Array.isArray(e.errors) ? e.errors : []) {
      const code = (inner as { code?: unknown }).code;
      if (typeof code === 'string') codes.push(code);
    }
  }
  return codes;
}

/** A failed upstream call as a problem: 503 when nothing answers, 504 on a timeout, 502 otherwise. */
export function upstreamProblem(service: string, error: unknown): ProblemError {
  const codes = codesOf(error);
  if (codes.some((c) => UNREACHABLE_CODES.has(c))) {
    return new ProblemError(503, 'upstream-unavailable', 'Service unavailable',
      `The ${service} service is not answering; try again shortly`, { service }, { 'retry-after': '5' });
  }
  if (codes.some((c) => TIMEOUT_CODES.has(c))) {
    return new ProblemError(504, 'upstream-timeout', 'Gateway timeout', `The ${service} service did not answer in time`, { service });
  }
  return new ProblemError(502, 'bad-gateway', 'Bad gateway', `The ${service} service gave no usable answer`, { service });
}
