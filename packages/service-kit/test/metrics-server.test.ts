import t from 'tap';
import { createService, metricsPortFor, serveMetrics } from '../src/index.js';

t.test('when a service serves its metrics on their own port, then /metrics is there and not on the public port', async (t) => {
  const app = await createService({ name: 'things', logLevel: 'silent' });
  app.get('/things', async () => ({ ok: true }));
  t.teardown(() => app.close());
  await app.inject('/things');
  const metrics = await serveMetrics(app.metrics, { host: '127.0.0.1', port: 0, log: app.log });
  t.teardown(() => metrics.close());

  const res = await fetch(`http://127.0.0.1:${metrics.port}/metrics`);
  t.equal(res.status, 200);
  t.match(res.headers.get('content-type'), /^text\/plain; version=0\.0\.4/);
  const text = await res.text();
  t.match(text, /http_request_duration_seconds_count\{[^}]*route="\/things"[^}]*\} 1/);
  t.match(text, /service="things"/);

  const elsewhere = await fetch(`http://127.0.0.1:${metrics.port}/health/ready`);
  t.equal(elsewhere.status, 404);
  t.match(elsewhere.headers.get('content-type'), /^application\/problem\+json/);
  t.match(await elsewhere.json(), { status: 404, code: 'not-found' });
  t.equal((await fetch(`http://127.0.0.1:${metrics.port}/metrics`, { method: 'POST' })).status, 404);

  const publicPort = await app.inject('/metrics');
  t.equal(publicPort.statusCode, 404, 'the public port answers 404');
  t.match(publicPort.headers['content-type'], /^application\/problem\+json/);
  t.notMatch(publicPort.body, /http_request_duration_seconds/);
});

t.test('when METRICS_PORT is unset, then it is PORT + 1000', async (t) => {
  t.equal(metricsPortFor(3003), 4003);
  t.equal(metricsPortFor(3003, 9100), 9100);
  t.equal(metricsPortFor(3003, 0), 0, '0 picks a free port');
});

t.test('when a gauge fails to collect, then the scrape answers 500 and the server keeps serving', async (t) => {
  const app = await createService({ name: 'broken', logLevel: 'silent' });
  t.teardown(() => app.close());
  let fail = true;
  const { Gauge } = await import('prom-client');
  new Gauge({ name: 'broken_gauge', help: 'fails once', registers: [app.metrics], collect() { if (fail) throw new Error('database down'); this.set(1); } });
  const metrics = await serveMetrics(app.metrics, { host: '127.0.0.1', port: 0, log: app.log });
  t.teardown(() => metrics.close());
  t.equal((await fetch(`http://127.0.0.1:${metrics.port}/metrics`)).status, 500);
  fail = false;
  t.match(await (await fetch(`http://127.0.0.1:${metrics.port}/metrics`)).text(), /broken_gauge\{service="broken"\} 1/);
});
