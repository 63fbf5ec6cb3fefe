interface InjectResponse { statusCode: number; headers: Record<string, unknown>; json(): unknown }
interface Injectable {
  inject(options: { method: string; url: string }): PromiseLike<InjectResponse>;
}
interface Assert {
  equal(found: unknown, wanted: unknown, message: string): unknown;
  match(found: unknown, pattern: unknown, message: string): unknown;
}

/** Each `[method, url, allow]` must answer 405 problem+json `method-not-allowed` with exactly that `Allow`. */
export async function expectMethodNotAllowed(t: Assert, app: Injectable, cases: ReadonlyArray<readonly [string, string, string]>): Promise<void> {
  for (const [method, url, allow] of cases) {
    const res = await app.inject({ method, url });
    const what = `${method} ${url}`;
    t.equal(res.statusCode, 405, what);
    t.equal(res.headers.allow, allow, what);
    t.match(res.headers['content-type'], /^application\/problem\+json/, what);
    t.match(res.json(), { status: 405, code: 'method-not-allowed', type: 'https://joo.kz/problems/method-not-allowed' }, what);
  }
}
