/**
 * The generated dashboards and alerts against a real Prometheus: the platform runs, a journey
 * makes its metrics move, Prometheus (Debian's binary, installed when missing) scrapes every
 * service's metrics port each second with the rules loaded, and then every query of every panel
 * must parse and return a series, and every alert expression must parse with each metric selector
 * in it returning a series. A panel naming a metric no service exports fails with that name.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { parse } from 'yaml';
import { eventually, fakePartner, reservePort, startPlatform } from '@joo/testing';
import { startPrometheus } from '../../scripts/observe/prometheus.js';
import { scrapeHealth } from '../../scripts/observe/targets.js';
import { readServices } from '../../deploy/lib/services.js';
import { driveJourney } from './lib/journey.js';
import { rootOf } from './lib/kustomize.js';
import { ensurePrometheus } from './lib/prometheus-binaries.js';
import { metricNames } from './lib/promql.js';
import { generatedKeys } from './lib/schema.js';

const ROOT = rootOf(import.meta.url);
const services = readServices(ROOT);
/** Grafana's variables as a query would have them: every service, a rate window of several scrapes. */
const grafana = (expr: string) => expr.replaceAll('$__rate_interval', '15s').replaceAll('"$service"', '".+"');

interface Query { expr: string; where: string }

function panelQueries(): Query[] {
  const dir = join(ROOT, 'deploy/grafana/dashboards');
  return readdirSync(dir).flatMap((file) => {
    const d = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { panels: Array<{ title: string; targets?: Array<{ expr: string; refId: string }> }> };
    return d.panels.flatMap((p) => (p.targets ?? []).map((x) => ({ expr: grafana(x.expr), where: `${file} "${p.title}" ${x.refId}` })));
  });
}

function alertQueries(): Query[] {
  const dir = join(ROOT, 'deploy/prometheus/rules');
  return readdirSync(dir).flatMap((file) => (parse(readFileSync(join(dir, file), 'utf8')) as { groups: Array<{ rules: Array<{ alert: string; expr: string }> }> })
    .groups.flatMap((g) => g.rules.map((r) => ({ expr: r.expr, where: `${file} ${r.alert}` }))));
}

/** Each metric selector of an expression with its label matchers, e.g. `x_total{outcome="failed"}`. */
function selectors(expr: string): string[] {
  const names = new Set(metricNames(expr));
  const found = [...expr.matchAll(/([A-Za-z_:][A-Za-z0-9_:]*)\s*(\{[^}]*\})?/g)].filter((m) => names.has(m[1]!) && !/^\s*\(/.test(expr.slice(m.index! + m[0].length)));
  return [...new Set(found.map((m) => `${m[1]}${m[2] ?? ''}`))];
}

async function query(url: string, expr: string): Promise<{ error?: string; series: number }> {
  const res = await fetch(`${url}/api/v1/query?${new URLSearchParams({ query: expr })}`);
  const body = await res.json() as { status: string; error?: string; data?: { result: unknown[] } };
  return body.status === 'success' ? { series: body.data!.result.length } : { error: body.error ?? res.statusText, series: 0 };
}

t.test('when Prometheus scrapes the platform after a journey, then every panel and alert query returns series', async (t) => {
  ensurePrometheus(ROOT);
  const started = Date.now();
  const phase = (name: string) => t.comment(`${name} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const keys = await generatedKeys(ROOT, services.map((s) => s.name));
  const platform = await startPlatform(t, { env: { ...keys, gateway: { RATE_LIMIT_IP_PER_MINUTE: '100000' }, leads: { ALLOW_PRIVATE_WEBHOOKS: 'true' } } });
  phase('platform ready');
  const partnerSite = await fakePartner(t);
  await driveJourney(platform, partnerSite);
  phase('journey done');

  const dir = mkdtempSync(join(tmpdir(), 'joo-prometheus-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const reserved = await reservePort();
  await reserved.release();
  const prometheus = await startPrometheus({
    dir, port: reserved.port, scrapeInterval: '1s', ruleFiles: [join(ROOT, 'deploy/prometheus/rules/*.yaml')],
    services: services.map((s) => ({ name: s.name, metricsPort: Number(new URL(platform.services[s.name]!.metricsUrl).port) })),
  });
  t.teardown(() => prometheus.stop());
  phase('Prometheus ready');
  const health = await scrapeHealth(prometheus.url, services.length, 30_000);
  t.same(health.filter((h) => h.health !== 'up'), [], 'every service is scraped on its metrics port');
  // A rate needs two samples of a series inside its window.
  await eventually(async () => (await query(prometheus.url, 'count(count_over_time(up[15s]) >= 3)')).series > 0, { timeoutMs: 20_000 });
  const rules = await (await fetch(`${prometheus.url}/api/v1/rules`)).json() as { data: { groups: Array<{ rules: unknown[] }> } };
  t.equal(rules.data.groups.flatMap((g) => g.rules).length, alertQueries().length, 'the generated rules are loaded');

  phase('scraped');
  const exported = async (name: string) => (await query(prometheus.url, `count({__name__="${name}"})`)).series > 0;
  for (const q of panelQueries()) {
    const { error, series } = await query(prometheus.url, q.expr);
    t.notOk(error, `${q.where} parses${error ? `: ${error}` : ''}`);
    // Only an empty answer is worth the look-ups that name the metric no service exports.
    const missing: string[] = [];
    if (series === 0) for (const name of metricNames(q.expr)) if (!(await exported(name))) missing.push(name);
    t.ok(series > 0, `${q.where} returns a series${missing.length ? `: no service exports ${missing.join(', ')}` : ''} (${q.expr})`);
  }
  for (const q of alertQueries()) {
    const { error } = await query(prometheus.url, q.expr);
    t.notOk(error, `${q.where} parses${error ? `: ${error}` : ''}`);
    for (const selector of selectors(q.expr)) {
      // A healthy run answers no 5xx on purpose: an error-class matcher is checked without it.
      const healthy = selector.replace(/,?status_code=~"5\.\."/, '').replace('{}', '');
      t.ok((await query(prometheus.url, healthy)).series > 0, `${q.where}: ${healthy} returns a series`);
    }
  }
  phase('queries answered');
});

t.test('when an expression is read, then its metric selectors are found with their matchers', async (t) => {
  t.same(selectors('sum by (provider) (rate(x_total{outcome="failed"}[15m])) / sum by (provider) (rate(x_total[15m])) > 0.2'), ['x_total{outcome="failed"}', 'x_total']);
  t.same(selectors('up{platform="joo"} == 0'), ['up{platform="joo"}']);
  t.same(selectors('histogram_quantile(0.95, sum by (partner, le) (rate(y_bucket[30m]))) > 300'), ['y_bucket']);
});
