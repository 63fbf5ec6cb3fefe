/**
 * The "never a 500" sweep: every operation of a service's OpenAPI document gets odd input — wrong
 * types, huge numbers, NUL characters and lone surrogates that pass the schema and reach the database, malformed ids
 * and cursors, JSON nested thousands of levels deep — and must answer with a problem (or a success), never a 5xx.
 */

// Bodies a careless or hostile client might send.
export const ODD_BODIES: readonly unknown[] = [
  undefined, null, [], 'text', 42, {},
  { login: '\u0000', password: '\u0000', fullName: 'a\u0000b', email: 'x\u0000@y.kz', reason: '\u0000' },
  { iin: '9'.repeat(12), birthDate: '2024-02-30', untScores: { math: 1e308 }, profileSubjects: ['x'.repeat(10_000)] },
  { text: { kk: '', ru: '' }, version: -1, refreshToken: 'x'.repeat(5000), device: { id: '', name: '' } },
  { marketingEmail: 'yes', q: { $ne: null }, limit: 1e9, cursor: '!!!', amount: -1, price: 1e300 },
  // Well-shaped bodies but for a NUL character, so they get past the schema to the database.
  { login: 'a\u0000b@x.kz', password: 'long enough password', device: { id: 'd\u0000', name: 'n' } },
  { fullName: 'a\u0000b', address: 'x\u0000', untScores: { ['math\u0000']: 100 } },
  { text: { kk: 'a\u0000', ru: 'b' }, title: { kk: 'a\u0000', ru: 'b' }, name: { kk: 'a\u0000', ru: 'b' } },
  { reason: 'x\u0000', message: 'x\u0000', status: 'x\u0000' },
  // Lone surrogates: JSON.stringify sends them as `\ud800` escapes, which jsonb refuses.
  { login: 'a\ud800b@x.kz', password: 'long enough password', device: { id: 'd\udfff', name: 'n' } },
  { fullName: 'a\ud800b', reason: '\udc00x', message: 'x\ud800', text: { kk: '\ud800', ru: 'b' }, title: { kk: 'a\udbff', ru: 'b' } },
];

/** A body sent as this exact text: for JSON that `JSON.stringify` could not produce or would choke on. */
export class RawJson {
  constructor(readonly text: string) {}
}

const nested = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;

// Nesting thousands of levels deep overflows any code that walks a body recursively: inside the
// fields routes read (about 4 KB each), and at the root (a route checks its token after parsing).
export const DEEP_BODIES: readonly RawJson[] = [
  new RawJson(`{"login":"a@b.kz","password":${nested(2_000)},"text":${nested(2_000)}}`),
  new RawJson(`{"title":{"kk":${nested(2_000)},"ru":"x"},"reason":${nested(2_000)}}`),
  new RawJson(nested(7_500)),
];

const IDS = ['not-a-uuid', '01890a5d-ac96-774b-bcce-b302099a8057', 'urn:uuid:01890a5d-ac96-774b-bcce-b302099a8057'];

interface InjectResponse { statusCode: number; body: string; headers: Record<string, unknown>; json(): unknown }
interface Injectable {
  inject(options: { method: string; url: string; headers?: Record<string, string>; payload?: string }): PromiseLike<InjectResponse>;
}
// What the sweep needs of tap's `t`; `match` is called with a message, as tap's overloads allow.
interface Assert {
  fail(message: string): unknown;
  match(found: unknown, pattern: RegExp, message: string): unknown;
}

export interface SweepOptions {
  /** Headers for each operation (e.g. a fresh admin token); called once per operation. */
  headers?: (path: string, method: string) => Promise<Record<string, string>> | Record<string, string>;
  /** Extra bodies for this service's own shapes. */
  bodies?: readonly unknown[];
  /** Order of the paths: e.g. put a route that ends the session last. */
  order?: (a: string, b: string) => number;
  /** Called for each answer, to assert more (e.g. that a 401 means the route was not exercised). */
  check?: (answer: { method: string; path: string; url: string; status: number }) => void;
}

/** Runs the sweep over `app`'s `/openapi.json`; returns how many calls were made. */
export async function sweepRoutes(t: Assert, app: Injectable, options: SweepOptions = {}): Promise<number> {
  const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
  const paths = Object.entries(doc.paths).sort(([a], [b]) => options.order?.(a, b) ?? 0);
  const bodies = [...ODD_BODIES, ...DEEP_BODIES, ...(options.bodies ?? [])];
  let calls = 0;
  for (const [path, operations] of paths) {
    for (const method of Object.keys(operations).map((m) => m.toUpperCase())) {
      const headers = (await options.headers?.(path, method)) ?? {};
      for (const id of IDS) {
        const base = path.replace(/\{[^}]+\}/g, id);
        const requests = [
          ...(method === 'GET' || method === 'DELETE' ? [undefined] : bodies).map((body) => ({ url: `${base}?limit=-1&cursor=!!!&q=%25`, body })),
          { url: `${base}?q=a%00b&since=yesterday&lang=xx`, body: undefined },
        ];
        for (const { url, body } of requests) {
          const res = await app.inject({
            method, url,
            headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
            ...(body === undefined ? {} : { payload: body instanceof RawJson ? body.text : JSON.stringify(body) }),
          });
          calls += 1;
          options.check?.({ method, path, url, status: res.statusCode });
          if (res.statusCode >= 500) t.fail(`${method} ${url} ${(body instanceof RawJson ? body.text : JSON.stringify(body))?.slice(0, 80)} → ${res.statusCode} ${res.body.slice(0, 200)}`);
          if (res.statusCode >= 400) t.match(res.headers['content-type'], /application\/problem\+json/, `${method} ${path} answers problem+json`);
        }
      }
    }
  }
  return calls;
}
