/** Runs the ownership matrix (ownership.ts) against a running platform; one tap assertion per case. */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { PROPERTY_SEED } from '@joo/testing';
import { client } from '../../e2e/http.js';
import type { Fixtures } from './fixtures.js';
import { fillPath, isAdminRoute, pathParams, type Operation } from './openapi.js';
import { OWNERSHIP, type Actor, type Case } from './ownership.js';
import { arbitraryFor } from './schema-arbitrary.js';

interface Asserts {
  equal(found: unknown, wanted: unknown, message: string): unknown;
  same(found: unknown, wanted: unknown, message: string): unknown;
  ok(value: unknown, message: string): unknown;
}

/** Whether the operation must have an entry in OWNERSHIP: a path parameter or credentials, outside the admin rule. */
export const needsCase = (op: Operation): boolean => !isAdminRoute(op) && (pathParams(op).length > 0 || op.security.length > 0);

/** Operations the document has that need a case and have none; entries for operations it no longer has. */
export function coverage(ops: Operation[], table: Record<string, Case> = OWNERSHIP): { missing: string[]; stale: string[] } {
  const ids = new Set(ops.map((o) => o.operationId));
  return {
    missing: ops.filter((o) => needsCase(o) && !(o.operationId in table)).map((o) => o.operationId),
    stale: Object.keys(table).filter((id) => !ids.has(id)),
  };
}

function authorization(f: Fixtures, as: Actor): Record<string, string> {
  const secret = { a: f.a.token, b: f.b.token, p1: f.partners.p1, p2: f.partners.p2, anonymous: '' }[as];
  return secret ? { authorization: `Bearer ${secret}` } : {};
}

const isProblem = (status: number, headers: Headers, body: unknown) =>
  /^application\/problem\+json/.test(headers.get('content-type') ?? '') && (body as { status?: unknown })?.status === status;

const idempotency = () => ({ 'idempotency-key': randomUUID() });

/** Runs every case; returns how many calls it made, by kind. */
export async function runMatrix(t: Asserts, baseUrl: string, ops: Operation[], f: Fixtures): Promise<Record<string, number>> {
  const call = client(baseUrl);
  const counts: Record<string, number> = { notFound: 0, hidden: 0, admin: 0, exempt: 0 };
  const someId = (name: string) => (name === 'orderId' ? f.a.orderId : f.a.applicationId);
  for (const op of ops) {
    const label = `${op.operationId} (${op.method} ${op.path})`;
    if (isAdminRoute(op)) {
      const path = fillPath(op.path, Object.fromEntries(pathParams(op).map((p) => [p, someId(p)])));
      // A body is validated before the role is checked (the schema is public): the student sends
      // bodies drawn from the schema until one gets past validation, so the answer is the role's.
      let asStudent = await call(op.method, path, { headers: { ...authorization(f, 'b'), ...idempotency() } });
      for (const body of op.body ? fc.sample(arbitraryFor(op.body), { seed: PROPERTY_SEED, numRuns: 12 }) : []) {
        if (asStudent.status !== 400) break;
        asStudent = await call(op.method, path, { headers: { ...authorization(f, 'b'), ...idempotency() }, body });
        counts.admin! += 1;
      }
      t.equal(asStudent.status, 403, `${label}: a student is refused`);
      t.ok(isProblem(403, asStudent.headers, asStudent.body), `${label}: as problem+json`);
      const asPartner = await call(op.method, path, { headers: authorization(f, 'p1') });
      t.equal(asPartner.status, 401, `${label}: a partner key is no user token`);
      counts.admin! += 2;
      continue;
    }
    const entry = OWNERSHIP[op.operationId];
    if (!entry) continue; // coverage() reports it
    if (entry.kind === 'exempt') { counts.exempt! += 1; continue; }
    const path = fillPath(op.path, entry.params?.(f) ?? {});
    if (entry.kind === 'notFound' && op.method === 'GET') {
      // The control: the owner reads the very same thing, so the 404 below is about who asks.
      const owner: Actor = entry.as === 'p2' ? 'p1' : 'a';
      const own = await call(op.method, path, { headers: authorization(f, owner) });
      if (entry.ownerStatus) t.equal(own.status, entry.ownerStatus, `${label}: ${owner}, the owner, is told about it (${own.status})`);
      else t.ok(own.status >= 200 && own.status < 300, `${label}: ${owner}, the owner, reads it (${own.status})`);
    }
    const body = entry.kind === 'notFound' && entry.body ? entry.body(f) : (op.body ? {} : undefined);
    const sent = entry.kind === 'hidden' ? undefined : body;
    const reply = await call(op.method, path, { headers: { ...authorization(f, entry.as), ...(op.method === 'GET' ? {} : idempotency()) }, body: sent });
    const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? '');
    // What B named itself (A's id in the path or body) may come back in the problem's detail.
    const named = `${path} ${JSON.stringify(sent ?? '')}`;
    const leaked = f.aMarks.filter((mark) => text.includes(mark) && !named.includes(mark));
    if (entry.kind === 'notFound') {
      const wanted = entry.status ?? 404;
      t.equal(reply.status, wanted, `${label}: ${entry.as} on A's → ${wanted} (${text.slice(0, 160)})`);
      t.ok(isProblem(wanted, reply.headers, reply.body), `${label}: as problem+json`);
    } else {
      t.ok(reply.status >= 200 && reply.status < 300, `${label}: ${entry.as} reads its own (${reply.status} ${text.slice(0, 160)})`);
    }
    t.same(leaked, [], `${label}: nothing of A's in the answer`);
    counts[entry.kind]! += 1;
  }
  return counts;
}
