/**
 * One trace id from the gateway, through a service and its SQL, across NATS into a consumer in
 * another process: the real built services run with the OpenTelemetry preload (as the image runs
 * them) and export to a fake collector.
 *
 * Two chains: a sandbox payment (gateway → billing and its SQL → billing.payment.succeeded over
 * NATS → catalog's consumer and the SQL that grants access), and a sign-out (gateway → identity →
 * identity.session.revoked → the gateway's own revocation feed).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { eventually, startPlatform } from '@joo/testing';
import { readServices } from '../../deploy/lib/services.js';
import { rootOf } from './lib/kustomize.js';
import { fakeCollector, type ReceivedSpan } from './lib/otlp-collector.js';
import { generatedKeys } from './lib/schema.js';
import { driveTraffic } from './lib/traffic.js';

const ROOT = rootOf(import.meta.url);
const PRELOAD = fileURLToPath(new URL('../../packages/service-kit/dist/otel-preload.js', import.meta.url));
const SERVER = 2;
const CONSUMER = 5;

/** Waits for a span (or a fact about the spans); a time-out lists the last ones the collector received. */
function until<T>(find: () => T | undefined, what: string, spans: ReceivedSpan[]) {
  return eventually(find, {
    intervalMs: 100,
    message: () => `${what}; received (last 100):\n${spans.slice(-100).map((x) => `${x.service} ${x.kind} ${x.name} ${x.traceId}/${x.parentSpanId}`).join('\n')}`,
  });
}

/** Each service of services.json with the preload exporting to the fake collector. */
async function telemetryEnv(endpoint: string, extra: Record<string, Record<string, string>> = {}) {
  const names = readServices(ROOT).map((s) => s.name);
  const keys = await generatedKeys(ROOT, names);
  const telemetry = { NODE_OPTIONS: `--import ${PRELOAD}`, OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_BSP_SCHEDULE_DELAY: '100' };
  return Object.fromEntries(names.map((n) => [n, {
    ...telemetry, ...keys[n], ...(n === 'gateway' ? { RATE_LIMIT_IP_PER_MINUTE: '100000' } : {}), ...extra[n],
  }]));
}

const statementOf = (s: ReceivedSpan) => String(s.attributes['db.statement'] ?? s.attributes['db.query.text'] ?? '');
const isSql = (s: ReceivedSpan) => (s.attributes['db.system'] ?? s.attributes['db.system.name']) === 'postgresql';
const pathOf = (s: ReceivedSpan) => String(s.attributes['url.path'] ?? s.attributes['http.target'] ?? '');

t.test('when a student pays in the sandbox through the gateway, then one trace spans gateway → billing and its SQL → NATS → catalog and its SQL', async (t) => {
  const collector = await fakeCollector(t);
  const env = await telemetryEnv(collector.endpoint, { billing: { PAYMENT_PROVIDERS: 'sandbox', SANDBOX_SECRET: randomBytes(32).toString('base64') } });
  const platform = await startPlatform(t, { services: ['catalog', 'billing'], env });
  const { accessToken } = await driveTraffic(platform.gatewayUrl);
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(platform.gatewayUrl + path, {
      method, body: body ? JSON.stringify(body) : undefined,
      headers: { authorization: `Bearer ${accessToken}`, ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
    });
    return { status: res.status, body: await res.json().catch(() => undefined) as any };
  };
  const products = await call('GET', '/v1/catalog/products');
  const product = products.body.items.find((p: { code: string }) => p.code === 'standard');
  t.ok(product, 'the catalog has the Standard package');
  // Billing learns products from catalog's events: retry until it knows this one.
  const key = randomUUID();
  // 100 tries 100 ms apart before: at least 10 s, and the requests' own time on top.
  const order = await eventually(async () => {
    const placed = await call('POST', '/v1/billing/orders', { productId: product.id, profileSubject: 'math-physics', acceptTerms: true }, { 'idempotency-key': key });
    return placed.status === 201 && placed;
  }, { timeoutMs: 15_000, intervalMs: 100, message: 'billing to know the product and take the order' });
  t.equal(order.status, 201, 'the order is placed');
  const payPath = new URL(order.body.paymentUrl).pathname;
  const confirmed = await fetch(`${platform.gatewayUrl}${payPath}/confirm`, { method: 'POST', headers: { accept: 'application/json' } });
  t.equal(confirmed.status, 200, 'the sandbox confirms the payment');

  const spans = collector.spans;
  const edge = await until(() => spans.find((s) => s.service === 'gateway' && s.kind === SERVER && !s.parentSpanId && pathOf(s) === `${payPath}/confirm`), 'gateway server span of the confirmation', spans);
  const trace = (s: ReceivedSpan) => s.traceId === edge.traceId;
  const billing = await until(() => spans.find((s) => s.service === 'billing' && trace(s) && s.kind === SERVER), 'billing server span in the trace', spans);
  const billingSql = await until(() => (spans.some((s) => s.service === 'billing' && trace(s) && isSql(s) && /INSERT INTO outbox/i.test(statementOf(s))) ? true : undefined), 'billing outbox INSERT in the trace', spans);
  const consumed = await until(() => spans.find((s) => s.service === 'catalog' && trace(s) && s.kind === CONSUMER && s.attributes['joo.event.type'] === 'billing.payment.succeeded.v1'), 'catalog consumer span of billing.payment.succeeded in the trace', spans);
  const catalogSql = await until(() => {
    const found = spans.filter((s) => s.service === 'catalog' && trace(s) && isSql(s));
    return found.some((s) => /INSERT INTO inbox/i.test(statementOf(s))) && found.some((s) => /entitlement/i.test(statementOf(s))) ? found : undefined;
  }, 'catalog SQL (inbox and entitlement) in the trace', spans);

  t.equal(billing.traceId, edge.traceId, 'billing continues the gateway trace');
  t.ok(billingSql, 'billing wrote its outbox row in the trace');
  t.equal(consumed.traceId, edge.traceId, 'catalog continues it after NATS');
  t.equal(consumed.attributes['messaging.system'], 'nats');
  t.ok(catalogSql.every((s) => s.traceId === edge.traceId), `catalog ran ${catalogSql.length} statements in the trace, the entitlement grant among them`);
  const services = new Set(spans.filter(trace).map((s) => s.service));
  t.ok(['gateway', 'billing', 'catalog'].every((s) => services.has(s)), `the trace spans ${[...services].join(', ')}`);
});

t.test('when a student signs out through the gateway, then one trace spans gateway → identity and its SQL → NATS → the gateway consumer', async (t) => {
  const collector = await fakeCollector(t);
  const env = await telemetryEnv(collector.endpoint);
  const platform = await startPlatform(t, { services: [], env });
  const { accessToken } = await driveTraffic(platform.gatewayUrl);

  const res = await fetch(`${platform.gatewayUrl}/v1/identity/logout`, { method: 'POST', headers: { authorization: `Bearer ${accessToken}` } });
  t.equal(res.status, 204);

  const spans = collector.spans;
  const isLogout = (s: ReceivedSpan) => s.kind === SERVER && pathOf(s) === '/v1/identity/logout';
  const edge = await until(() => spans.find((s) => s.service === 'gateway' && isLogout(s) && !s.parentSpanId), 'gateway server span of the sign-out', spans);
  const trace = (s: ReceivedSpan) => s.traceId === edge.traceId;
  const upstream = await until(() => spans.find((s) => s.service === 'identity' && trace(s) && s.kind === SERVER), 'identity server span in the trace', spans);
  const sql = await until(() => {
    const found = spans.filter((s) => s.service === 'identity' && trace(s) && isSql(s));
    return found.some((s) => /^INSERT/i.test(statementOf(s))) ? found : undefined;
  }, 'identity SQL with the outbox INSERT in the trace', spans);
  const consumed = await until(
    () => spans.find((s) => s.service === 'gateway' && trace(s) && s.kind === CONSUMER && s.attributes['joo.event.type'] === 'identity.session.revoked.v1'),
    'gateway consumer span of identity.session.revoked in the trace', spans,
  );

  t.ok(sql.some((s) => /INSERT INTO outbox/i.test(statementOf(s))), 'the outbox INSERT is in the trace');
  t.equal(upstream.traceId, edge.traceId, 'identity continues the gateway trace');
  t.not(upstream.spanId, edge.spanId);
  t.equal(consumed.traceId, edge.traceId, 'the consumer continues it after NATS');
  t.equal(consumed.attributes['messaging.system'], 'nats');
  t.same([...new Set(spans.filter(trace).map((s) => s.service))].sort(), ['gateway', 'identity']);
});
