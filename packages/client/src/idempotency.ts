/**
 * A fresh `Idempotency-Key` for every call of an operation that takes one (the list comes from the
 * API description, src/generated/idempotent.ts). It is set once per call, above the retries, so a
 * retried call repeats its key and the server answers it at most once; a key the caller passes wins.
 */
import { IDEMPOTENT_OPERATIONS } from './generated/idempotent.js';
import { withHeader, type Transport } from './transport.js';

const HEADER = 'idempotency-key';

/** `POST /v1/billing/orders/{id}` → a test on method and URL path (after any base path). */
function matcher(operation: string): (method: string, pathname: string) => boolean {
  const [method, template] = operation.split(' ') as [string, string];
  const pattern = new RegExp(`${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`);
  return (m, pathname) => m === method && pattern.test(pathname);
}

export function takesIdempotencyKey(operations: readonly string[] = IDEMPOTENT_OPERATIONS): (request: Request) => boolean {
  const tests = operations.map(matcher);
  return (request) => {
    const { pathname } = new URL(request.url);
    return tests.some((test) => test(request.method, pathname));
  };
}

export function withIdempotencyKeys(next: Transport, options: { operations?: readonly string[]; newKey?: () => string } = {}): Transport {
  const takesKey = takesIdempotencyKey(options.operations);
  const newKey = options.newKey ?? (() => globalThis.crypto.randomUUID());
  return (request) => (request.headers.has(HEADER) || !takesKey(request) ? next(request) : next(withHeader(request, HEADER, newKey())));
}
