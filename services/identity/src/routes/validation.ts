import type { FastifyRequest } from 'fastify';
import { problems, type FieldError } from '@joo/service-kit';

interface AjvIssue {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

/**
 * The body's schema errors, for routes with `attachValidation`: those add domain checks and
 * answer every problem at once. One message per field; the first top-level segment names it.
 */
export function bodySchemaErrors(request: FastifyRequest): FieldError[] {
  const failure = request.validationError as (Error & { validation?: AjvIssue[]; validationContext?: string }) | undefined;
  if (!failure) return [];
  if (failure.validationContext && failure.validationContext !== 'body') throw failure;
  const byField = new Map<string, string>();
  const unions: string[] = [];
  for (const issue of failure.validation ?? []) {
    let path = issue.instancePath;
    if (issue.keyword === 'required') path += `/${String(issue.params.missingProperty)}`;
    if (issue.keyword === 'additionalProperties') path += `/${String(issue.params.additionalProperty)}`;
    const field = path || '/';
    // A nullable field is a union with null: "must be null" and the union's own summary only
    // repeat what the other branch said.
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

/** The top-level fields named by these errors (`/device/id` counts as `/device`). */
export function fieldsOf(errors: readonly FieldError[]): Set<string> {
  return new Set(errors.map((e) => `/${e.field.split('/')[1] ?? ''}`));
}

export function throwIfAny(errors: FieldError[]): void {
  if (errors.length > 0) throw problems.badRequest(`${errors.length} field(s) are not valid`, errors);
}

export function bodyObject(body: unknown): Record<string, unknown> {
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}

export function userAgentOf(request: FastifyRequest): string | null {
  const ua = request.headers['user-agent'];
  return typeof ua === 'string' && ua !== '' ? ua.slice(0, 512) : null;
}
