import t from 'tap';
import { rawAnswers, rawExchange } from '@joo/testing';
import { Type } from 'typebox';
import { createService, type App } from '../src/index.js';

async function listening(t: { teardown(fn: () => unknown): void }): Promise<{ app: App; port: number }> {
  const app = await createService({ name: 'client-errors-test', logLevel: 'silent', headersTimeoutMs: 300 });
  app.post('/things', { schema: { body: Type.Object({ name: Type.String() }) } }, async (request) => ({ got: request.body.name }));
  t.teardown(() => app.close());
  await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, port: (app.server.address() as { port: number }).port };
}

// The parsed body of each answer.
const answers = (raw: string) => rawAnswers(raw).map((a) => ({ ...a, body: JSON.parse(a.body) as Record<string, unknown> }));
const exchange = rawExchange;

t.test('when the URL is over the header limit, then 431 problem+json', async (t) => {
  const { port } = await listening(t);
  const [answer, ...more] = answers(await exchange(port, `GET /things?q=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`));
  t.equal(more.length, 0);
  t.equal(answer!.status, 431);
  t.match(answer!.headers['content-type'], /^application\/problem\+json/);
  t.match(answer!.body, { status: 431, code: 'headers-too-large', type: 'https://joo.kz/problems/headers-too-large' });
});

t.test('when bytes follow a short Content-Length, then what is answered is a 400 problem, the stray bytes included', async (t) => {
  const { port } = await listening(t);
  const raw = await exchange(port, 'POST /things HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5\r\n\r\n{"name":"a"}');
  // The cut body's own answer may be overtaken: the stray bytes are refused as soon as they are
  // parsed, and that answer closes the connection.
  const all = answers(raw);
  t.ok(all.length >= 1, raw);
  for (const answer of all) {
    t.equal(answer.status, 400);
    t.match(answer.headers['content-type'], /^application\/problem\+json/);
  }
  t.match(all.at(-1)!.body, { code: 'malformed-request', detail: 'HPE_INVALID_METHOD' });
});

t.test('when the request line is not HTTP, then 400 problem+json', async (t) => {
  const { port } = await listening(t);
  const [answer] = answers(await exchange(port, 'HELLO THERE\r\n\r\n'));
  t.equal(answer!.status, 400);
  t.match(answer!.headers['content-type'], /^application\/problem\+json/);
  t.match(answer!.body, { code: 'malformed-request' });
});

t.test('when the headers arrive too slowly, then 408 problem+json and the connection closes', async (t) => {
  const { port } = await listening(t);
  const started = Date.now();
  const [answer] = answers(await exchange(port, 'GET /things HTTP/1.1\r\nHost: x\r\n'));
  t.equal(answer!.status, 408);
  t.match(answer!.headers['content-type'], /^application\/problem\+json/);
  t.match(answer!.body, { status: 408, code: 'request-timeout' });
  t.ok(Date.now() - started < 3_000, `answered after ${Date.now() - started} ms`);
});
