import type { FastifyRequest } from 'fastify';
import { fieldErrors, problems, type AjvIssue, type FieldError } from '@joo/service-kit';

/**
 * The body's schema errors, for routes with `attachValidation`: those add domain checks and
 * answer every problem at once.
 */
export function bodySchemaErrors(request: FastifyRequest): FieldError[] {
  const failure = request.validationError as (Error & { validation?: AjvIssue[]; validationContext?: string }) | undefined;
  if (!failure) return [];
  if (failure.validationContext && failure.validationContext !== 'body') throw failure;
  return fieldErrors(failure.validation ?? [], 'body');
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
