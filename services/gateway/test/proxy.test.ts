import t from 'tap';
import { bearer, gateway, listen } from './helper.js';

t.test('when a request goes to /v1/catalog/…, then catalog gets the same method, path, query and body', async (t) => {
  const { app, catalog, identity } = await gateway(t);
  const res = await app.inject({
    method: 'POST', url: '/v1/catalog/items/42?lang=kk&tag=a&tag=b',
    headers: { 'content-type': 'application/json', 'idempotency-key': 'k-1' },
    payload: { title: 'Алгебра', price: 500000 },
  });
  t.equal(res.statusCode, 200);
  t.match(res.json(), {
    method: 'POST', url: '/v1/catalog/items/42?lang=kk&tag=a&tag=b',
    body: { title: 'Алгебра', price: 500000 },
    headers: { 'idempotency-key': 'k-1', 'content-type': 'application/json' },
  });
  t.equal(catalog.requests.length, 1);
  t.equal(identity.requests.length, 0);
});

t.test('when a request is proxied, then the service gets the gateway request id, the client address and protocol, and the traceparent', async (t) => {
  const { app, catalog } = await gateway(t);
  const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
  const res = await app.inject({
    url: '/v1/catalog/things', remoteAddress: '203.0.113.7',
    headers: { traceparent, 'x-forwarded-for': '10.9.9.9' },
  });
  t.equal(res.statusCode, 200);
  const seen = catalog.requests[0]!.headers;
  t.equal(seen['x-request-id'], res.headers['x-request-id'], 'same id the client got back');
  t.ok(seen['x-request-id']);
  t.equal(seen['x-forwarded-for'], '203.0.113.7', 'a client-sent X-Forwarded-For is not believed at the edge');
  t.equal(seen['x-forwarded-proto'], 'http');
  t.equal(seen.traceparent, traceparent);
});

t.test('when the client sends hop-by-hop headers, then they stay at the gateway and the request still goes through', async (t) => {
  const { app, catalog } = await gateway(t);
  const res = await app.inject({ method: 'POST', url: '/v1/catalog/things', payload: { a: 1 }, headers: { upgrade: 'h2c', 'keep-alive': 'timeout=5', 'proxy-connection': 'keep-alive' } });
  t.equal(res.statusCode, 200);
  const seen = catalog.requests[0]!.headers;
  t.notOk(seen.upgrade);
  t.notOk(seen['keep-alive']);
  t.notOk(seen['proxy-connection']);
});

t.test('when the client sends a request id, then it is kept end to end', async (t) => {
  const { app, catalog } = await gateway(t);
  const res = await app.inject({ url: '/v1/catalog/things', headers: { 'x-request-id': 'client-chosen-1' } });
  t.equal(res.headers['x-request-id'], 'client-chosen-1');
  t.equal(catalog.requests[0]!.headers['x-request-id'], 'client-chosen-1');
});

t.test('when the gateway sits behind a trusted proxy, then the client address from its X-Forwarded-For reaches the service', async (t) => {
  const { app, catalog } = await gateway(t, { trustProxy: '127.0.0.1' });
  await app.inject({ url: '/v1/catalog/things', remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': '198.51.100.4', 'x-forwarded-proto': 'https' } });
  t.equal(catalog.requests[0]!.headers['x-forwarded-for'], '198.51.100.4', 'the client, as the trusted proxy saw it');
  t.equal(catalog.requests[0]!.headers['x-forwarded-proto'], 'https');
});

t.test('when the path is the service root, then it still reaches the service', async (t) => {
  const { app, identity } = await gateway(t);
  const res = await app.inject({ method: 'DELETE', url: '/v1/identity/sessions/abc' });
  t.equal(res.statusCode, 200);
  t.equal(identity.requests[0]!.method, 'DELETE');
  t.equal(identity.requests[0]!.url, '/v1/identity/sessions/abc');
});

t.test('when the service is unknown, then 404 problem naming the known ones', async (t) => {
  const { app } = await gateway(t);
  for (const url of ['/v1/nosuch/things', '/v1/nosuch']) {
    const res = await app.inject({ url });
    t.equal(res.statusCode, 404, url);
    t.match(res.headers['content-type'], /application\/problem\+json/);
    t.match(res.json(), { status: 404, code: 'unknown-service', detail: /identity, catalog/ });
  }
  const other = await app.inject({ url: '/v2/catalog/x' });
  t.equal(other.statusCode, 404);
  t.equal(other.json().code, 'not-found');
});

t.test('when a service is down, then 503 problem+json with Retry-After, not HTML and not 500', async (t) => {
  const { app, catalog } = await gateway(t);
  await catalog.close();
  const base = await listen(app);
  const attempts = [
    { method: 'GET' },
    { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ a: 1 }) },
    { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ big: 'x'.repeat(300_000) }) },
  ];
  for (const init of attempts) {
    const res = await fetch(`${base}/v1/catalog/things`, init);
    t.equal(res.status, 503, init.method);
    t.match(res.headers.get('content-type'), /application\/problem\+json/);
    t.equal(res.headers.get('retry-after'), '5');
    t.match(await res.json(), { status: 503, code: 'upstream-unavailable', service: 'catalog' });
  }
  const metrics = await app.metrics.metrics();
  t.match(metrics, /gateway_upstream_failures_total\{[^}]*service="catalog"[^}]*status="503"[^}]*\} 3/);
});

t.test('when a service does not answer in time, then 504 problem', async (t) => {
  const { createServer } = await import('node:http');
  const silent = createServer(() => { /* never answers */ });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  t.teardown(() => { silent.closeAllConnections(); silent.close(); });
  const port = (silent.address() as { port: number }).port;
  const { app } = await gateway(t, { upstreams: [{ name: 'slow', url: `http://127.0.0.1:${port}` }], upstreamTimeoutMs: 300 });
  const res = await app.inject({ url: '/v1/slow/x' });
  t.equal(res.statusCode, 504);
  t.match(res.json(), { code: 'upstream-timeout', service: 'slow' });
});

t.test('when the JWKS is asked of the gateway, then identity\'s is served', async (t) => {
  const first = await gateway(t);
  const identityOrigin = new URL(first.issuer.jwksUrl).origin;
  const { app } = await gateway(t, { upstreams: [{ name: 'identity', url: identityOrigin }] });
  const res = await app.inject({ url: '/.well-known/jwks.json' });
  t.equal(res.statusCode, 200);
  t.equal(res.json().keys[0].kid, first.issuer.kid);
});

t.test('when a request carries a valid token, then it is proxied with the token for the service to check again', async (t) => {
  const { app, catalog, issuer } = await gateway(t);
  const token = issuer.sign({ sub: 'u-1', sid: 's-1', roles: ['student'] });
  const res = await app.inject({ url: '/v1/catalog/mine', headers: bearer(token) });
  t.equal(res.statusCode, 200);
  t.equal(catalog.requests[0]!.headers.authorization, `Bearer ${token}`);
});

t.test('when a body is over the 1 MiB limit, then the gateway answers 413 problem+json and the service never sees it', async (t) => {
  const { app, catalog } = await gateway(t);
  const res = await app.inject({
    method: 'POST', url: '/v1/catalog/things', headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({ blob: 'x'.repeat(1024 * 1024 + 1) }),
  });
  t.equal(res.statusCode, 413);
  t.match(res.headers['content-type'], /application\/problem\+json/);
  t.equal(res.json().code, 'body-too-large');
  t.equal(catalog.requests.length, 0);
});

t.test('when requests pass over real connections, then bodies go up and answers come back whole, small or large', async (t) => {
  const { app, catalog } = await gateway(t);
  const base = await listen(app);
  const small = await fetch(`${base}/v1/catalog/things?x=1`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ a: 'ә' }) });
  t.equal(small.status, 200);
  t.match(await small.json(), { method: 'POST', url: '/v1/catalog/things?x=1', body: { a: 'ә' } });

  // Larger than what the gateway reads whole: it streams through.
  const blob = 'ұ'.repeat(300_000);
  const large = await fetch(`${base}/v1/catalog/blob`, { method: 'PUT', headers: { 'content-type': 'text/plain; charset=utf-8' }, body: blob });
  t.equal(large.status, 200);
  t.equal(((await large.json()) as { body: string }).body, blob);

  const head = await fetch(`${base}/v1/catalog/things`, { method: 'HEAD' });
  t.equal(head.status, 200);
  t.equal(await head.text(), '');
  t.equal(catalog.requests.length, 3);
});

t.test('when a path climbs out of the service with dot segments, then 400 and the service never sees it', async (t) => {
  const { request } = await import('node:http');
  const { app, catalog, identity } = await gateway(t);
  const base = new URL(await listen(app));
  // Sent as written: URL parsers (fetch, inject) would resolve the dot segments before sending.
  const send = (path: string) => new Promise<{ status: number; body: string }>((resolve, reject) => {
    request({ host: base.hostname, port: base.port, path }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (c: string) => { body += c; }).on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject).end();
  });
  for (const path of ['/v1/catalog/../identity/me', '/v1/catalog/%2e%2e/identity/me', '/v1/catalog/a/%2E%2E/%2e%2e/x', '/v1/catalog/..%5cidentity']) {
    const res = await send(path);
    t.equal(res.status, 400, path);
    t.match(JSON.parse(res.body), { code: 'bad-path' });
  }
  t.equal((await send('/v1/catalog/a%00b')).status, 400, 'nor control characters');
  t.equal(catalog.requests.length + identity.requests.length, 0);
  t.equal((await send('/v1/catalog/a.b/..c/%2e')).status, 200, 'dots inside names are fine');
});

t.test('when a service answers with hop-by-hop headers, then the client gets its answer without them', async (t) => {
  const { createServer } = await import('node:http');
  const seen: Array<Record<string, unknown>> = [];
  const service = createServer((request, response) => {
    seen.push(request.headers);
    if (request.url === '/v1/raw/odd-status') {
      response.writeHead(799, { 'content-type': 'application/json' });
      response.end('{}');
      return;
    }
    response.writeHead(201, { 'content-type': 'application/json', connection: 'keep-alive, x-hop', 'keep-alive': 'timeout=5', 'x-hop': 'internal', 'x-kept': 'yes' });
    response.end('{"ok":true}');
  });
  await new Promise<void>((resolve) => service.listen(0, '127.0.0.1', resolve));
  t.teardown(() => { service.closeAllConnections(); service.close(); });
  const port = (service.address() as { port: number }).port;
  const { app } = await gateway(t, { upstreams: [{ name: 'raw', url: `http://127.0.0.1:${port}` }] });
  const res = await app.inject({ url: '/v1/raw/x', headers: { connection: 'x-client-hop', 'x-client-hop': 'secret', 'x-other': 'passes' } });
  t.equal(res.statusCode, 201);
  t.same(res.json(), { ok: true });
  t.equal(res.headers['x-kept'], 'yes');
  t.notOk(res.headers['x-hop'], 'a header the service\'s Connection names stays behind');
  t.notOk(res.headers['keep-alive']);
  t.notOk(seen[0]!['x-client-hop'], 'a header the client\'s Connection names stays at the gateway');
  t.equal(seen[0]!['x-other'], 'passes');
  const odd = await app.inject({ url: '/v1/raw/odd-status' });
  t.equal(odd.statusCode, 502, 'a status outside HTTP\'s range is no usable answer');
  t.match(odd.json(), { code: 'bad-gateway', service: 'raw' });
});
