/**
 * Every metric a Grafana dashboard or an alert rule reads is exposed by the services that run:
 * the platform is started from deploy/services.json, driven a little, and each /metrics compared
 * with the names in the dashboards' and rules' expressions (on each service's metrics port; the
 * public port answers 404 there). The business dashboard and the domain
 * rules are generated only for services in services.json (deploy/lib/observability.ts), so
 * nothing is skipped: a metric of a service that runs and does not expose it fails here.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { parseAllDocuments } from 'yaml';
import { startPlatform } from '@joo/testing';
import { readServices } from '../../deploy/lib/services.js';
import { rootOf } from './lib/kustomize.js';
import { familyCandidates, metricNames, parseExposition } from './lib/promql.js';
import { generatedKeys } from './lib/schema.js';
import { driveTraffic } from './lib/traffic.js';

const ROOT = rootOf(import.meta.url);
const services = readServices(ROOT);
/** Series Prometheus makes itself for each target; no service exposes them. */
const SCRAPE_SERIES = new Set(['up']);
const BUS = /^joo_(outbox|consumer|dead_letters)_/;

interface Use { name: string; where: string }

function dashboardUses(): Use[] {
  const dir = join(ROOT, 'deploy/grafana/dashboards');
  return readdirSync(dir).flatMap((file) => {
    const dashboard = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { panels: Array<{ title: string; targets?: Array<{ expr: string }> }>; templating: { list: Array<{ definition?: string }> } };
    const exprs = [
      ...dashboard.panels.flatMap((p) => (p.targets ?? []).map((x) => ({ expr: x.expr, where: `${file} "${p.title}"` }))),
      ...dashboard.templating.list.map((v) => ({ expr: (v.definition ?? '').replace(/^label_values\(([^,]+),.*$/, '$1'), where: `${file} variable` })),
    ];
    return exprs.flatMap((e) => metricNames(e.expr).map((name) => ({ name, where: e.where })));
  });
}

function ruleUses(): Use[] {
  const dir = join(ROOT, 'deploy/prometheus/rules');
  return readdirSync(dir).flatMap((file) => parseAllDocuments(readFileSync(join(dir, file), 'utf8')).flatMap((doc) => {
    const groups = (doc.toJS() as { groups: Array<{ rules: Array<{ alert: string; expr: string }> }> }).groups;
    return groups.flatMap((g) => g.rules.flatMap((r) => metricNames(r.expr).map((name) => ({ name, where: `${file} ${r.alert}` }))));
  }));
}

/** Which running services must expose a metric: its own service, every service with a bus, or all. */
function owners(name: string): string[] {
  const own = services.find((s) => name.startsWith(`joo_${s.name}_`));
  if (own) return [own.name];
  if (BUS.test(name)) return services.filter((s) => s.database).map((s) => s.name);
  if (/^joo_/.test(name)) return [];
  return services.map((s) => s.name);
}

t.test('when the platform runs, then every metric of the dashboards and alerts is exposed by the services that own it', async (t) => {
  const uses = [...dashboardUses(), ...ruleUses()];
  t.ok(uses.length > 30, `${uses.length} metric uses`);
  const keys = await generatedKeys(ROOT, services.map((s) => s.name));
  const platform = await startPlatform(t, { env: { ...keys, gateway: { RATE_LIMIT_IP_PER_MINUTE: '100000' } } });
  await driveTraffic(platform.gatewayUrl);

  const exposed = new Map<string, ReturnType<typeof parseExposition>>();
  for (const s of services) {
    const res = await fetch(`${platform.services[s.name]!.metricsUrl}/metrics`);
    t.equal(res.status, 200, `${s.name} /metrics on its metrics port`);
    const onPublicPort = await fetch(`${platform.services[s.name]!.url}/metrics`);
    t.equal(onPublicPort.status, 404, `${s.name}: the public port answers 404 for /metrics`);
    t.match(onPublicPort.headers.get('content-type'), /^application\/problem\+json/);
    exposed.set(s.name, parseExposition(await res.text()));
  }
  for (const use of uses) {
    if (SCRAPE_SERIES.has(use.name)) continue;
    const want = owners(use.name);
    t.not(want.length, 0, `${use.name} (${use.where}) belongs to a service in deploy/services.json`);
    for (const service of want) {
      const { families } = exposed.get(service)!;
      t.ok(familyCandidates(use.name).some((f) => families.has(f)), `${service} exposes ${use.name} (${use.where})`);
    }
  }

  // The traffic above made these series appear (not just their # TYPE lines).
  const identity = exposed.get('identity')!.sampled;
  for (const name of ['joo_identity_registrations_total', 'joo_identity_logins_total', 'http_request_duration_seconds_bucket', 'joo_outbox_backlog']) {
    t.ok(identity.has(name), `identity has samples of ${name}`);
  }
  const text = await (await fetch(`${platform.services.identity!.metricsUrl}/metrics`)).text();
  t.match(text, /joo_identity_logins_total\{outcome="succeeded",service="identity"\} 1/);
  t.match(text, /joo_identity_logins_total\{outcome="invalid_credentials",service="identity"\} 1/);
  t.match(text, /joo_identity_registrations_total\{service="identity"\} 1/);
});

t.test('when the alert rules are read, then each has a runbook in docs/runbooks', async (t) => {
  const dir = join(ROOT, 'deploy/prometheus/rules');
  const rules = readdirSync(dir).flatMap((file) => parseAllDocuments(readFileSync(join(dir, file), 'utf8'))
    .flatMap((doc) => (doc.toJS() as { groups: Array<{ rules: Array<{ alert: string; annotations: Record<string, string>; labels: Record<string, string> }> }> }).groups.flatMap((g) => g.rules)));
  t.ok(rules.length >= 8);
  const runbooks = new Set(readdirSync(join(ROOT, 'docs/runbooks')));
  for (const r of rules) {
    t.ok(runbooks.has(`${r.alert}.md`), `docs/runbooks/${r.alert}.md`);
    t.ok(String(r.annotations.runbook_url).endsWith(`/docs/runbooks/${r.alert}.md`), `${r.alert} runbook_url`);
    t.match(r.labels.severity, /^(page|ticket)$/);
    if (runbooks.has(`${r.alert}.md`)) {
      const text = readFileSync(join(ROOT, 'docs/runbooks', `${r.alert}.md`), 'utf8');
      for (const section of ['## What it means', '## How to check', '## How to fix']) t.match(text, section, `${r.alert}: ${section}`);
    }
  }
});

t.test('when expressions are parsed, then metric names are found and labels, functions and ranges are not', async (t) => {
  const cases: Array<[string, string[]]> = [
    ['sum by (service) (rate(http_request_duration_seconds_count{service=~"$service",status_code=~"5.."}[5m]))', ['http_request_duration_seconds_count']],
    ['histogram_quantile(0.95, sum by (partner, le) (rate(joo_leads_delivery_seconds_bucket[$__rate_interval])))', ['joo_leads_delivery_seconds_bucket']],
    ['sum(rate(a_total[5m])) / sum(rate(b_total[5m])) > 0.2', ['a_total', 'b_total']],
    ['up{platform="joo"} == 0', ['up']],
    ['max by (consumer, source) (joo_consumer_lag) > 1000 and on (source) joo_outbox_backlog', ['joo_consumer_lag', 'joo_outbox_backlog']],
  ];
  for (const [expr, names] of cases) t.same(metricNames(expr).sort(), names.sort(), expr);
  t.same(familyCandidates('x_seconds_bucket'), ['x_seconds_bucket', 'x_seconds']);
});
