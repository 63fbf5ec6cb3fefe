/**
 * One fuzzed request per (seed, index): the operation is taken in turn (index modulo the count, so
 * every operation gets its share), everything else is drawn by fast-check from `seed + index`, so a
 * single request replays with `pnpm fuzz --seed S --replay I`. A request is drawn symbolically
 * (who calls, which kind of id) and resolved against the fixtures of the run.
 */
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import type { Fixtures } from './fixtures.js';
import { isAdminRoute, type Operation } from './openapi.js';
import { arbitraryFor, EDGE_NUMBERS, ODD_STRINGS } from './schema-arbitrary.js';

export type Identity = 'student' | 'admin' | 'anonymous' | 'partner';

// Calls that end the caller's session, account or key: the fuzz makes them as T (and P2), so that
// its own student, the admin and the demo partner stay signed in for the rest of the run.
const ENDS_THE_CALLER = new Set(['identityLogout', 'identityRefuseOffer', 'identityRequestErasure', 'leadsPartnerRotateApiKey']);

const ODD_IDS = [
  'not-a-uuid', '0', '-1', 'null', '00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff', '01890A5D-AC96-774B-BCCE-B302099A8057',
  '{01890a5d-ac96-774b-bcce-b302099a8057}', '01890a5dac96774bbcceb302099a8057', 'x'.repeat(300), '..', '%', '🙂', '\u0000', '\ud800', ' ',
];

type Body =
  | { mode: 'none' } | { mode: 'valid'; value: unknown } | { mode: 'wrong-type'; value: unknown; key: number; replacement: unknown }
  | { mode: 'missing'; value: unknown; key: number } | { mode: 'extra'; value: unknown; name: string; extra: unknown }
  | { mode: 'odd-string'; value: unknown; key: number; odd: string } | { mode: 'edge-number'; value: unknown; key: number; edge: number }
  | { mode: 'huge'; value: unknown; key: number; size: number } | { mode: 'deep'; levels: number; inField: boolean }
  | { mode: 'not-object'; value: unknown } | { mode: 'garbage'; bytes: number[] };

export interface Drawn {
  identity: Identity;
  ids: Record<string, { kind: 'pool'; index: number } | { kind: 'random'; value: string } | { kind: 'odd'; value: string } | { kind: 'schema'; value: unknown }>;
  query: Array<[string, unknown]>;
  body: Body;
  encoding: string;
  header: [string, string] | null;
}

const ENCODINGS = [
  'json', 'json', 'json', 'json', 'json', 'json', 'application/json; charset=utf-8', 'application/json; charset=iso-8859-1', 'application/json; charset=utf-16',
  'APPLICATION/JSON', 'application/problem+json', 'application/vnd.api+json', 'text/plain', 'application/x-www-form-urlencoded', 'application/xml',
  'multipart/form-data; boundary=x', 'none', 'gzip-claim', 'gzip-real',
];

const ODD_HEADERS: Array<[string, string]> = [
  ['accept', 'application/xml'], ['accept', '*/*;q=nonsense'], ['accept-language', 'xx-YY;q=2,,,'], ['accept-encoding', 'br;q=0, identity;q=0'],
  ['authorization', 'Bearer '], ['authorization', 'Bearer a.b.c'], ['authorization', 'Basic Zm9vOmJhcg=='], ['authorization', 'Bearer eyJhbGciOiJub25lIn0.e30.'],
  ['x-forwarded-for', '999.1.1.1, ::ffff:zz, garbage'], ['x-forwarded-proto', 'gopher'], ['x-forwarded-host', 'evil.example'],
  ['idempotency-key', ''], ['idempotency-key', 'k'.repeat(300)], ['idempotency-key', 'a b\tc'], ['x-request-id', '\u00ff\u00fe'],
  ['x-pad', 'p'.repeat(8_000)], ['cookie', 'session=; a=%ZZ; =='], ['x-http-method-override', 'DELETE'], ['origin', 'https://evil.example'],
  ['range', 'bytes=0-1'], ['if-none-match', '*'], ['traceparent', '00-zzzz-zzzz-01'], ['content-language', '\u00e9'],
];

function bodyArbitrary(op: Operation): fc.Arbitrary<Body> {
  if (!op.body) {
    return fc.oneof(
      { weight: 8, arbitrary: fc.constant<Body>({ mode: 'none' }) },
      { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }).map((value): Body => ({ mode: 'not-object', value })) },
      { weight: 1, arbitrary: fc.record({ levels: fc.constantFrom(40, 2_000), inField: fc.boolean() }).map((d): Body => ({ mode: 'deep', ...d })) },
    );
  }
  const value = arbitraryFor(op.body);
  const key = fc.nat(20);
  return fc.oneof(
    { weight: 6, arbitrary: value.map((v): Body => ({ mode: 'valid', value: v })) },
    { weight: 2, arbitrary: fc.record({ value, key, replacement: fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constant(null)) }).map((r): Body => ({ mode: 'wrong-type', ...r })) },
    { weight: 2, arbitrary: fc.record({ value, key }).map((r): Body => ({ mode: 'missing', ...r })) },
    { weight: 1, arbitrary: fc.record({ value, name: fc.constantFrom('__proto__', 'constructor', 'isAdmin', 'userId', 'x'), extra: fc.jsonValue({ maxDepth: 2 }) }).map((r): Body => ({ mode: 'extra', ...r })) },
    { weight: 2, arbitrary: fc.record({ value, key, odd: fc.constantFrom(...ODD_STRINGS) }).map((r): Body => ({ mode: 'odd-string', ...r })) },
    { weight: 1, arbitrary: fc.record({ value, key, edge: fc.constantFrom(...EDGE_NUMBERS) }).map((r): Body => ({ mode: 'edge-number', ...r })) },
    { weight: 1, arbitrary: fc.record({ value, key, size: fc.constantFrom(70_000, 300_000, 1_100_000) }).map((r): Body => ({ mode: 'huge', ...r })) },
    { weight: 1, arbitrary: fc.record({ levels: fc.constantFrom(33, 40, 2_000, 7_500), inField: fc.boolean() }).map((d): Body => ({ mode: 'deep', ...d })) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }).map((v): Body => ({ mode: 'not-object', value: Array.isArray(v) || v === null || typeof v !== 'object' ? v : [v] })) },
    { weight: 1, arbitrary: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 0, maxLength: 64 }).map((bytes): Body => ({ mode: 'garbage', bytes })) },
  );
}

function natural(op: Operation): Identity {
  if (isAdminRoute(op)) return 'admin';
  if (op.security.includes('partnerApiKey')) return 'partner';
  if (op.security.includes('bearer')) return 'student';
  return 'anonymous';
}

export function drawArbitrary(op: Operation): fc.Arbitrary<Drawn> {
  const own = natural(op);
  const identity = fc.oneof({ weight: 5, arbitrary: fc.constant(own) }, { weight: 3, arbitrary: fc.constantFrom<Identity>('student', 'admin', 'anonymous', 'partner') });
  const ids = Object.fromEntries(op.parameters.filter((p) => p.in === 'path').map((p) => [p.name, fc.oneof(
    { weight: 3, arbitrary: fc.nat(40).map((index) => ({ kind: 'pool' as const, index })) },
    { weight: 2, arbitrary: fc.uuid().map((value) => ({ kind: 'random' as const, value })) },
    { weight: 2, arbitrary: fc.constantFrom(...ODD_IDS).map((value) => ({ kind: 'odd' as const, value })) },
    { weight: 1, arbitrary: arbitraryFor(p.schema).map((value) => ({ kind: 'schema' as const, value })) },
  )]));
  const queryParams = op.parameters.filter((p) => p.in === 'query');
  const query = fc.array(fc.oneof(
    ...(queryParams.length ? [{ weight: 4, arbitrary: fc.constantFrom(...queryParams).chain((p) => arbitraryFor(p.schema).map((v): [string, unknown] => [p.name, v])) }] : []),
    ...(queryParams.length ? [{ weight: 2, arbitrary: fc.tuple(fc.constantFrom(...queryParams.map((p) => p.name)), fc.oneof(fc.constantFrom<unknown>(...ODD_STRINGS, ...EDGE_NUMBERS), fc.string())) }] : []),
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom('limit', 'cursor', 'q', '__proto__', 'x[y]', 'a.b'), fc.constantFrom<unknown>(...ODD_STRINGS, ...EDGE_NUMBERS)) },
  ), { maxLength: 4 });
  return fc.record({
    identity, ids: fc.record(ids), query, body: bodyArbitrary(op), encoding: fc.constantFrom(...ENCODINGS),
    header: fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constantFrom(...ODD_HEADERS) }),
  });
}

/** The request `index` of a run with `seed`: the same on every machine. */
export function draw(ops: Operation[], seed: number, index: number): { op: Operation; drawn: Drawn } {
  const op = ops[index % ops.length]!;
  const [drawn] = fc.sample(drawArbitrary(op), { seed: (seed + index) | 0, numRuns: 1 });
  return { op, drawn: drawn! };
}

export interface Concrete { method: string; path: string; headers: Record<string, string>; body?: Buffer; identity: Identity }

/** Percent-encodes each UTF-16 unit, a lone surrogate as its (invalid) three UTF-8-style bytes. */
export function percentEncode(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    if (ch.length === 1 && code >= 0xd800 && code <= 0xdfff) {
      out += [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
    } else out += encodeURIComponent(ch);
  }
  return out;
}

function rewrite(value: unknown, key: number, change: (old: unknown) => unknown, remove = false): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  if (keys.length === 0) return value;
  const name = keys[key % keys.length]!;
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  if (remove) delete copy[name];
  else copy[name] = change(copy[name]);
  return copy;
}

const nest = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;

/** The body's bytes, or undefined for none. */
export function bodyText(body: Body): Buffer | undefined {
  switch (body.mode) {
    case 'none': return undefined;
    case 'valid': case 'not-object': return Buffer.from(JSON.stringify(body.value) ?? 'null');
    case 'wrong-type': return Buffer.from(JSON.stringify(rewrite(body.value, body.key, () => body.replacement)));
    case 'missing': return Buffer.from(JSON.stringify(rewrite(body.value, body.key, () => undefined, true)));
    case 'extra': return Buffer.from(JSON.stringify({ ...(body.value as object), [body.name]: body.extra }));
    case 'odd-string': return Buffer.from(JSON.stringify(rewrite(body.value, body.key, () => body.odd)));
    case 'edge-number': return Buffer.from(JSON.stringify(rewrite(body.value, body.key, () => body.edge)));
    case 'huge': return Buffer.from(JSON.stringify(rewrite(body.value, body.key, () => 'x'.repeat(body.size))));
    case 'deep': return Buffer.from(body.inField ? `{"text":${nest(body.levels)},"login":"a"}` : nest(body.levels));
    case 'garbage': return Buffer.from(body.bytes);
  }
}

/** The credentials of each identity; the calls that end their caller go to T and P2. */
function credentials(f: Fixtures, op: Operation, who: Identity): string | undefined {
  const ending = ENDS_THE_CALLER.has(op.operationId);
  switch (who) {
    case 'anonymous': return undefined;
    case 'partner': return ending ? f.partners.p2 : f.partners.demo;
    case 'student': return ending ? f.t.token : f.f.token;
    case 'admin': return ending ? f.t.token : f.admin.token;
  }
}

/** `key` is the request's Idempotency-Key, sent on every write (an odd header may replace it). */
export function resolve(op: Operation, drawn: Drawn, f: Fixtures, key: string): Concrete {
  const values = Object.fromEntries(Object.entries(drawn.ids).map(([name, id]) => [name,
    id.kind === 'pool' ? f.ids[id.index % f.ids.length]! : id.kind === 'schema' ? String(id.value) : id.value]));
  const search = drawn.query.map(([k, v]) => `${percentEncode(k)}=${percentEncode(typeof v === 'string' ? v : JSON.stringify(v) ?? '')}`).join('&');
  const path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => percentEncode(values[name] ?? ''));
  const headers: Record<string, string> = {};
  const secret = credentials(f, op, drawn.identity);
  if (secret) headers.authorization = `Bearer ${secret}`;
  if (op.method !== 'GET' && op.method !== 'DELETE') headers['idempotency-key'] = key;
  let body = bodyText(drawn.body);
  if (body !== undefined) {
    const encoding = drawn.encoding;
    if (encoding === 'gzip-claim' || encoding === 'gzip-real') {
      headers['content-type'] = 'application/json';
      headers['content-encoding'] = 'gzip';
      if (encoding === 'gzip-real') body = gzipSync(body);
    } else if (encoding !== 'none') headers['content-type'] = encoding === 'json' ? 'application/json' : encoding;
  }
  if (drawn.header) headers[drawn.header[0]] = drawn.header[1];
  return { method: op.method, path: search ? `${path}?${search}` : path, headers, ...(body !== undefined ? { body } : {}), identity: drawn.identity };
}
