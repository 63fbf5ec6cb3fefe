/**
 * Grafana dashboards and Prometheus alert rules. The platform and event-bus parts hold for every
 * service; the business dashboard and the domain alerts take the part of each service that is in
 * deploy/services.json, so no panel or alert reads a metric no running service exposes (the
 * metrics test checks every expression against the services' real /metrics).
 */
import type { ServiceSpec } from './services.js';

type Obj = Record<string, unknown>;
interface Target { expr: string; legend: string }
interface Panel { title: string; targets: Target[]; unit?: string; type?: 'timeseries' | 'stat'; description?: string }
interface Row { title: string; panels: Panel[] }
export interface AlertRule { alert: string; expr: string; for: string; severity: 'page' | 'ticket'; summary: string; description: string }

export const RUNBOOK_BASE = 'https://github.com/joo-kz/joo-platform/blob/main/docs/runbooks';
const DS = { type: 'prometheus', uid: 'prometheus' };
const W = 12;

/** A Grafana dashboard (schema 39) from rows of panels, two panels a line. */
export function dashboard(uid: string, title: string, rows: Row[], variables: Obj[] = []): Obj {
  const panels: Obj[] = [];
  let id = 1;
  let y = 0;
  for (const row of rows) {
    panels.push({ id: id++, type: 'row', title: row.title, collapsed: false, gridPos: { h: 1, w: 24, x: 0, y }, panels: [] });
    y += 1;
    row.panels.forEach((p, i) => {
      panels.push({
        id: id++,
        type: p.type ?? 'timeseries',
        title: p.title,
        ...(p.description ? { description: p.description } : {}),
        datasource: DS,
        gridPos: { h: 8, w: W, x: (i % 2) * W, y: y + Math.floor(i / 2) * 8 },
        fieldConfig: { defaults: { unit: p.unit ?? 'short' }, overrides: [] },
        options: { legend: { showLegend: true, displayMode: 'list', placement: 'bottom' }, tooltip: { mode: 'multi', sort: 'desc' } },
        targets: p.targets.map((t, j) => ({ datasource: DS, expr: t.expr, legendFormat: t.legend, refId: String.fromCharCode(65 + j) })),
      });
    });
    y += Math.ceil(row.panels.length / 2) * 8;
  }
  return {
    uid, title, tags: ['joo'], timezone: 'utc', schemaVersion: 39, version: 1, editable: true,
    refresh: '30s', time: { from: 'now-6h', to: 'now' },
    templating: { list: variables }, annotations: { list: [] }, panels,
  };
}

const serviceVariable = {
  name: 'service', label: 'service', type: 'query', datasource: DS,
  query: { query: 'label_values(http_request_duration_seconds_count, service)', refId: 'service' },
  definition: 'label_values(http_request_duration_seconds_count, service)',
  includeAll: true, multi: true, current: { text: 'All', value: '$__all' }, refresh: 2,
};

export function platformOverview(): Obj {
  const sel = 'service=~"$service"';
  return dashboard('joo-platform-overview', 'joo: platform overview', [
    { title: 'Requests, errors, duration per service', panels: [
      { title: 'Requests per second', unit: 'reqps', targets: [{ expr: `sum by (service) (rate(http_request_duration_seconds_count{${sel}}[$__rate_interval]))`, legend: '{{service}}' }] },
      // `or … * 0`: a service that answers without 5xx shows 0, not "no data" (which means no requests or no metric).
      { title: 'Error ratio (5xx)', unit: 'percentunit', targets: [{ expr: `(sum by (service) (rate(http_request_duration_seconds_count{${sel},status_code=~"5.."}[$__rate_interval])) or sum by (service) (rate(http_request_duration_seconds_count{${sel}}[$__rate_interval])) * 0) / sum by (service) (rate(http_request_duration_seconds_count{${sel}}[$__rate_interval]))`, legend: '{{service}}' }] },
      { title: 'Latency p95', unit: 's', targets: [{ expr: `histogram_quantile(0.95, sum by (service, le) (rate(http_request_duration_seconds_bucket{${sel}}[$__rate_interval])))`, legend: '{{service}}' }] },
      { title: 'Client errors (4xx) per second', unit: 'reqps', targets: [{ expr: `sum by (service, status_code) (rate(http_request_duration_seconds_count{${sel},status_code=~"4.."}[$__rate_interval]))`, legend: '{{service}} {{status_code}}' }] },
    ] },
    { title: 'Per route', panels: [
      { title: 'Requests per second by route', unit: 'reqps', targets: [{ expr: `sum by (service, method, route) (rate(http_request_duration_seconds_count{${sel}}[$__rate_interval]))`, legend: '{{service}} {{method}} {{route}}' }] },
      { title: '5xx per second by route', unit: 'reqps', targets: [{ expr: `sum by (service, method, route) (rate(http_request_duration_seconds_count{${sel},status_code=~"5.."}[$__rate_interval])) or sum by (service, method, route) (rate(http_request_duration_seconds_count{${sel}}[$__rate_interval])) * 0`, legend: '{{service}} {{method}} {{route}}' }] },
      { title: 'Latency p95 by route', unit: 's', targets: [{ expr: `histogram_quantile(0.95, sum by (service, method, route, le) (rate(http_request_duration_seconds_bucket{${sel}}[$__rate_interval])))`, legend: '{{service}} {{method}} {{route}}' }] },
      { title: 'Latency p50 by route', unit: 's', targets: [{ expr: `histogram_quantile(0.5, sum by (service, method, route, le) (rate(http_request_duration_seconds_bucket{${sel}}[$__rate_interval])))`, legend: '{{service}} {{method}} {{route}}' }] },
    ] },
    { title: 'Processes', panels: [
      { title: 'Targets up', targets: [{ expr: `sum by (service) (up{${sel}})`, legend: '{{service}}' }] },
      { title: 'Event loop lag p99', unit: 's', targets: [{ expr: `max by (service) (nodejs_eventloop_lag_p99_seconds{${sel}})`, legend: '{{service}}' }] },
      { title: 'Resident memory', unit: 'bytes', targets: [{ expr: `sum by (service) (process_resident_memory_bytes{${sel}})`, legend: '{{service}}' }] },
      { title: 'CPU seconds per second', unit: 'short', targets: [{ expr: `sum by (service) (rate(process_cpu_seconds_total{${sel}}[$__rate_interval]))`, legend: '{{service}}' }] },
    ] },
  ], [serviceVariable]);
}

export function eventBus(): Obj {
  return dashboard('joo-event-bus', 'joo: event bus', [
    { title: 'Outbox (publishing)', panels: [
      { title: 'Outbox backlog (rows not yet on JetStream)', targets: [{ expr: 'max by (source) (joo_outbox_backlog)', legend: '{{source}}' }] },
      { title: 'Events published per second', unit: 'ops', targets: [{ expr: 'sum by (source) (rate(joo_outbox_published_total[$__rate_interval]))', legend: '{{source}}' }] },
    ] },
    { title: 'Consumers', panels: [
      { title: 'Consumer lag (messages not yet delivered)', targets: [{ expr: 'max by (consumer, source) (joo_consumer_lag)', legend: '{{consumer}} ← {{source}}' }] },
      { title: 'Events processed per second by outcome', unit: 'ops', targets: [{ expr: 'sum by (consumer, source, outcome) (rate(joo_consumer_processed_total[$__rate_interval]))', legend: '{{consumer}} ← {{source}} {{outcome}}' }] },
      { title: 'Handler failures per second', unit: 'ops', targets: [{ expr: 'sum by (consumer, source) (rate(joo_consumer_failed_total[$__rate_interval]))', legend: '{{consumer}} ← {{source}}' }] },
      { title: 'Dead letters (last hour)', targets: [{ expr: 'sum by (consumer, source) (increase(joo_dead_letters_total[1h]))', legend: '{{consumer}} ← {{source}}' }] },
    ] },
  ]);
}

/**
 * Per service: its row of the business dashboard and its alerts. Gauges counted from a service's
 * database read the same on every replica: they are combined with max(), not sum().
 */
const DOMAIN: Record<string, { row: Row; alerts: AlertRule[] }> = {
  identity: {
    row: { title: 'Registrations and sign-ins (identity)', panels: [
      { title: 'Registrations per hour', targets: [{ expr: 'sum(increase(joo_identity_registrations_total[1h]))', legend: 'registrations' }] },
      { title: 'Sign-ins per minute by outcome', targets: [{ expr: 'sum by (outcome) (rate(joo_identity_logins_total[$__rate_interval])) * 60', legend: '{{outcome}}' }] },
    ] },
    alerts: [{
      alert: 'JooLoginFailureSpike', for: '10m', severity: 'page',
      expr: 'sum(rate(joo_identity_logins_total{outcome=~"invalid_credentials|throttled"}[5m])) > 5',
      summary: 'Failed and throttled sign-ins above 5/s for 10 minutes',
      description: 'Sign-ins failing at {{ $value | humanize }}/s: password guessing or credential stuffing, or a client sending wrong logins.',
    }],
  },
  catalog: {
    row: { title: 'Access (catalog)', panels: [
      { title: 'Entitlements granted and revoked per hour', targets: [
        { expr: 'sum(increase(joo_catalog_entitlements_granted_total[1h]))', legend: 'granted' },
        { expr: 'sum by (reason) (increase(joo_catalog_entitlements_revoked_total[1h]))', legend: 'revoked: {{reason}}' },
      ] },
      { title: 'Content access per minute by outcome', targets: [{ expr: 'sum by (outcome) (rate(joo_catalog_content_access_total[$__rate_interval])) * 60', legend: '{{outcome}}' }] },
    ] },
    alerts: [],
  },
  billing: {
    row: { title: 'Payments (billing)', panels: [
      { title: 'Payments per hour by provider and outcome', targets: [{ expr: 'sum by (provider, outcome) (increase(joo_billing_payments_total[1h]))', legend: '{{provider}} {{outcome}}' }] },
      { title: 'Orders created per hour', targets: [{ expr: 'sum(increase(joo_billing_orders_created_total[1h]))', legend: 'orders' }] },
      { title: 'Refund payouts per hour by provider and outcome', targets: [{ expr: 'sum by (provider, outcome) (increase(joo_billing_refund_payouts_total[1h]))', legend: '{{provider}} {{outcome}}' }] },
      { title: 'Refund payouts overdue and waiting for a person', targets: [
        { expr: 'max(joo_billing_payouts_overdue)', legend: 'overdue (10 banking days)' },
        { expr: 'max(joo_billing_payouts_in_review)', legend: 'in review' },
      ] },
    ] },
    alerts: [
      {
        alert: 'JooPaymentFailureRate', for: '15m', severity: 'page',
        expr: 'sum by (provider) (rate(joo_billing_payments_total{outcome="failed"}[15m])) / sum by (provider) (rate(joo_billing_payments_total[15m])) > 0.2',
        summary: 'More than 20% of payments with {{ $labels.provider }} fail',
        description: '{{ $value | humanizePercentage }} of payments with {{ $labels.provider }} failed in the last 15 minutes.',
      },
      {
        alert: 'JooRefundPayoutOverdue', for: '15m', severity: 'page',
        expr: 'max(joo_billing_payouts_overdue) > 0',
        summary: 'An approved refund is not paid back within 10 banking days',
        description: '{{ $value }} approved refund payouts are past their due date (offer 14.7): the platform is in breach of the offer.',
      },
      {
        alert: 'JooSuspiciousPayment', for: '0m', severity: 'ticket',
        expr: 'sum by (provider) (increase(joo_billing_payments_total{outcome="suspicious"}[1h])) > 0',
        summary: 'A payment with {{ $labels.provider }} was marked suspicious',
        description: 'A signed provider callback did not match its order (amount or currency); the order is on hold for a person.',
      },
    ],
  },
  refunds: {
    row: { title: 'Refunds (offer §14)', panels: [
      { title: 'Applications per day by rule', targets: [{ expr: 'sum by (rule) (increase(joo_refunds_applications_total[1d]))', legend: '{{rule}}' }] },
      { title: 'Decisions per day', targets: [{ expr: 'sum by (decision) (increase(joo_refunds_decisions_total[1d]))', legend: '{{decision}}' }] },
      { title: 'Applications awaiting review, and overdue', targets: [
        { expr: 'max(joo_refunds_awaiting_review)', legend: 'awaiting review' },
        { expr: 'max(joo_refunds_reviews_overdue)', legend: 'review overdue (10 working days)' },
        { expr: 'max(joo_refunds_payouts_overdue)', legend: 'approved, not paid in 10 banking days' },
      ] },
      { title: 'Claims to answer: due within 10 days, and overdue (offer 13.2)', targets: [
        { expr: 'max(joo_refunds_claims_due_soon)', legend: 'due within 10 days' },
        { expr: 'max(joo_refunds_claims_overdue)', legend: 'overdue (90 calendar days)' },
      ] },
    ] },
    alerts: [
      {
        alert: 'JooRefundReviewOverdue', for: '15m', severity: 'page',
        expr: 'max(joo_refunds_reviews_overdue) > 0',
        summary: 'A refund application is undecided after 10 working days',
        description: '{{ $value }} refund applications are past their review deadline (offer 14.6): decide them today.',
      },
      {
        alert: 'JooRefundsPiling', for: '1h', severity: 'ticket',
        expr: 'max(joo_refunds_awaiting_review) > 50',
        summary: 'More than 50 refund applications wait for a decision',
        description: '{{ $value }} applications are waiting: more reviewers are needed before the deadlines pass.',
      },
      {
        alert: 'JooClaimAnswerOverdue', for: '15m', severity: 'page',
        expr: 'max(joo_refunds_claims_overdue) > 0',
        summary: 'A claim is unanswered after 90 calendar days',
        description: '{{ $value }} claims are past their answer deadline (offer 13.2): answer them today.',
      },
      {
        alert: 'JooClaimAnswerDueSoon', for: '1h', severity: 'ticket',
        expr: 'max(joo_refunds_claims_due_soon) > 0',
        summary: 'A claim must be answered within 10 days',
        description: '{{ $value }} unanswered claims are due within 10 calendar days (offer 13.2).',
      },
    ],
  },
  notifications: {
    row: { title: 'Notifications', panels: [
      { title: 'Messages per hour by channel and status', targets: [{ expr: 'sum by (channel, status) (increase(joo_notifications_messages_total[1h]))', legend: '{{channel}} {{status}}' }] },
      { title: 'Failures per hour by channel', targets: [{ expr: 'sum by (channel) (increase(joo_notifications_failures_total[1h]))', legend: '{{channel}}' }] },
      { title: 'Messages waiting to be sent', targets: [{ expr: 'max(joo_notifications_pending)', legend: 'pending' }] },
    ] },
    alerts: [
      {
        alert: 'JooNotificationFailures', for: '15m', severity: 'page',
        expr: 'sum by (channel) (rate(joo_notifications_failures_total[15m])) / sum by (channel) (rate(joo_notifications_messages_total[15m])) > 0.1',
        summary: 'More than 10% of {{ $labels.channel }} messages fail',
        description: '{{ $value | humanizePercentage }} of {{ $labels.channel }} messages failed in the last 15 minutes.',
      },
      {
        alert: 'JooNotificationsPiling', for: '20m', severity: 'ticket',
        expr: 'max(joo_notifications_pending) > 500',
        summary: 'More than 500 notifications wait to be sent',
        description: '{{ $value }} messages are pending: a provider is slow or down, or quiet hours hold them.',
      },
    ],
  },
  contests: {
    row: { title: 'Contests', panels: [
      { title: 'Entries per hour', targets: [{ expr: 'sum(increase(joo_contests_entries_total[1h]))', legend: 'entries' }] },
    ] },
    alerts: [],
  },
  leads: {
    row: { title: 'Leads to universities', panels: [
      { title: 'Leads created per hour', targets: [{ expr: 'sum(increase(joo_leads_created_total[1h]))', legend: 'leads' }] },
      { title: 'Delivery latency p95 by partner', unit: 's', targets: [{ expr: 'histogram_quantile(0.95, sum by (partner, le) (rate(joo_leads_delivery_seconds_bucket[$__rate_interval])))', legend: '{{partner}}' }] },
      { title: 'Delivery failures per hour by partner', targets: [{ expr: 'sum by (partner) (increase(joo_leads_delivery_failures_total[1h]))', legend: '{{partner}}' }] },
    ] },
    alerts: [
      {
        alert: 'JooLeadDeliveryFailing', for: '30m', severity: 'page',
        expr: 'sum by (partner) (increase(joo_leads_delivery_failures_total[30m])) > 3',
        summary: 'Leads to {{ $labels.partner }} keep failing',
        description: '{{ $value }} deliveries to {{ $labels.partner }} failed in 30 minutes; the university is not getting its leads.',
      },
      {
        alert: 'JooLeadDeliverySlow', for: '30m', severity: 'ticket',
        expr: 'histogram_quantile(0.95, sum by (partner, le) (rate(joo_leads_delivery_seconds_bucket[30m]))) > 300',
        summary: 'Leads reach {{ $labels.partner }} late',
        description: '95% of deliveries to {{ $labels.partner }} take up to {{ $value | humanizeDuration }}.',
      },
    ],
  },
};

/** Service names whose business part and alerts exist, present or not (docs and tests name them). */
export const DOMAIN_SERVICES = Object.keys(DOMAIN);

export function business(services: ServiceSpec[]): Obj {
  const rows = services.map((s) => DOMAIN[s.name]?.row).filter((r): r is Row => !!r);
  return dashboard('joo-business', 'joo: business', rows);
}

export const PLATFORM_ALERTS: AlertRule[] = [
  {
    alert: 'JooServiceDown', for: '3m', severity: 'page', expr: 'up{platform="joo"} == 0',
    summary: '{{ $labels.service }} ({{ $labels.instance }}) cannot be scraped',
    description: 'Prometheus has not reached {{ $labels.instance }} for 3 minutes: the process is down, not ready, or unreachable.',
  },
  {
    alert: 'JooHighErrorRate', for: '10m', severity: 'page',
    expr: 'sum by (service) (rate(http_request_duration_seconds_count{status_code=~"5.."}[5m])) / sum by (service) (rate(http_request_duration_seconds_count[5m])) > 0.05',
    summary: '{{ $labels.service }} answers more than 5% of requests with 5xx',
    description: '{{ $value | humanizePercentage }} of {{ $labels.service }} requests failed with a 5xx over 10 minutes.',
  },
  {
    alert: 'JooHighLatency', for: '15m', severity: 'ticket',
    expr: 'histogram_quantile(0.95, sum by (service, le) (rate(http_request_duration_seconds_bucket[5m]))) > 1',
    summary: '{{ $labels.service }} p95 latency above 1 s',
    description: 'The 95th percentile of {{ $labels.service }} requests is {{ $value | humanizeDuration }}.',
  },
  {
    alert: 'JooEventLoopBlocked', for: '10m', severity: 'ticket', expr: 'max by (service, instance) (nodejs_eventloop_lag_p99_seconds) > 0.5',
    summary: '{{ $labels.instance }} event loop lags',
    description: 'The p99 event-loop lag of {{ $labels.service }} is {{ $value | humanizeDuration }}: CPU-bound work or a synchronous call blocks requests.',
  },
  {
    alert: 'JooOutboxBacklog', for: '10m', severity: 'page', expr: 'max by (source) (joo_outbox_backlog) > 100',
    summary: '{{ $labels.source }} events are not reaching NATS',
    description: '{{ $value }} outbox rows of {{ $labels.source }} are unpublished: NATS is down or full, or no relay holds the lock.',
  },
  {
    alert: 'JooConsumerLag', for: '15m', severity: 'page', expr: 'max by (consumer, source) (joo_consumer_lag) > 1000',
    summary: '{{ $labels.consumer }} falls behind on {{ $labels.source }} events',
    description: '{{ $value }} messages of {{ $labels.source }} wait for {{ $labels.consumer }}.',
  },
  {
    alert: 'JooConsumerFailing', for: '10m', severity: 'ticket', expr: 'sum by (consumer, source) (rate(joo_consumer_failed_total[5m])) > 0.1',
    summary: '{{ $labels.consumer }} handlers keep failing on {{ $labels.source }} events',
    description: 'Handler attempts throw {{ $value | humanize }}/s; after 5 attempts an event goes to dead letters.',
  },
  {
    alert: 'JooDeadLetters', for: '0m', severity: 'page', expr: 'sum by (consumer, source) (increase(joo_dead_letters_total[15m])) > 0',
    summary: '{{ $labels.consumer }} dead-lettered {{ $labels.source }} events',
    description: '{{ $value }} events were moved to {{ $labels.consumer }}.dead_letters: their effect has not happened until they are replayed.',
  },
];

const rule = (r: AlertRule) => ({
  alert: r.alert, expr: r.expr, for: r.for,
  labels: { severity: r.severity },
  annotations: { summary: r.summary, description: r.description, runbook_url: `${RUNBOOK_BASE}/${r.alert}.md` },
});

export const platformRules = () => ({ groups: [{ name: 'joo-platform', rules: PLATFORM_ALERTS.map(rule) }] });

export function domainRules(services: ServiceSpec[]): Obj {
  const groups = services
    .filter((s) => (DOMAIN[s.name]?.alerts.length ?? 0) > 0)
    .map((s) => ({ name: `joo-${s.name}`, rules: DOMAIN[s.name]!.alerts.map(rule) }));
  return { groups };
}
