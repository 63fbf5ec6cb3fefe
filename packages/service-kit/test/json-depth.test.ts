import t from 'tap';
import { Type } from 'typebox';
import { createService, JsonDepthScanner, MAX_JSON_DEPTH, nestsDeeperThan } from '../src/index.js';

const nested = (levels: number, open = '[', close = ']') => `${open.repeat(levels)}${close.repeat(levels)}`;

t.test('when JSON text is scanned, then only brackets outside strings count, iteratively', async (t) => {
  t.notOk(nestsDeeperThan(nested(MAX_JSON_DEPTH)));
  t.ok(nestsDeeperThan(nested(MAX_JSON_DEPTH + 1)));
  t.ok(nestsDeeperThan(`{"a":${'{"a":'.repeat(40)}1${'}'.repeat(41)}`));
  t.notOk(nestsDeeperThan(`{"text":"${'['.repeat(5_000)}","q":"\\"[[[["}`), 'brackets inside strings, escaped quotes included');
  t.notOk(nestsDeeperThan(`${nested(30)},${nested(30)},${nested(30)}`), 'siblings do not add up');
  t.ok(nestsDeeperThan(nested(1_000_000)), 'a million levels: no stack overflow in the check');
  t.notOk(nestsDeeperThan(Buffer.from('{"имя":"[[[[[[[[","x":[[1]]}')), 'UTF-8 bytes scan like text');

  const scanner = new JsonDepthScanner(3);
  t.notOk(scanner.feed('{"a":"[[[['));
  t.notOk(scanner.feed(']]", "b": [['), 'a string split across chunks stays a string');
  t.ok(scanner.feed('['));
  t.ok(scanner.feed(']'), 'once exceeded, stays exceeded');
});

t.test('when a body nests too deeply, then 400 nesting-too-deep before validation; a normal body passes', async (t) => {
  const app = await createService({ name: 'depth-test', logLevel: 'silent' });
  app.post('/things', { schema: { body: Type.Object({ name: Type.String(), tags: Type.Optional(Type.Array(Type.Unknown())) }) } },
    async (request) => ({ got: request.body.name }));
  app.post('/open', async () => ({ ok: true }));
  t.teardown(() => app.close());
  const post = (url: string, payload: string) => app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json' }, payload });

  for (const [url, payload] of [
    ['/things', `{"name":"a","tags":${nested(2_000)}}`],
    ['/things', `{"name":${nested(2_000)}}`],
    ['/open', nested(7_500)],
    ['/open', `{"a":${'{"a":'.repeat(100_000)}1${'}'.repeat(100_001)}`],
  ] as const) {
    const res = await post(url, payload);
    t.equal(res.statusCode, 400, `${url} ${payload.slice(0, 20)}`);
    t.match(res.headers['content-type'], /application\/problem\+json/);
    t.match(res.json(), { code: 'nesting-too-deep', type: 'https://joo.kz/problems/nesting-too-deep', maxDepth: MAX_JSON_DEPTH });
  }
  t.same((await post('/things', `{"name":"a","tags":${nested(MAX_JSON_DEPTH - 1)}}`)).json(), { got: 'a' }, 'deep but within the limit');
  t.match((await post('/things', '{"name":')).json(), { code: 'malformed-json' }, 'malformed JSON is still malformed-json');
  t.match((await post('/things', '{"__proto__":{"x":1},"name":"a"}')).statusCode, 400, 'prototype poisoning is still refused');
});
