/**
 * A promtool unit test for every alert of observability.ts: series that meet its condition for
 * longer than its `for` make it fire with these labels and this rendered text; series just short of
 * the condition keep it silent. generate.ts writes deploy/prometheus/tests/ from here and refuses an
 * alert without a case, so no alert ships untested (tests/deploy/promtool.test.ts runs them).
 */
/** A rule as written to the rules file (observability.ts's `rule`). */
interface WrittenRule { alert: string; labels: { severity: string }; annotations: { runbook_url: string } }

/** `[series selector, values]` in promtool's notation (`0+60x30`: from 0, +60 a step, 30 steps). */
type Series = [string, string];

export interface AlertCase {
  fires: Series[];
  /** When to look: later than the alert's `for`. */
  at: string;
  /** Its labels besides alertname and severity. */
  labels: Record<string, string>;
  summary: string;
  description: string;
  quiet: Series[];
}

const up = (value: string): Series => ['up{job="joo",instance="billing:4003",service="billing",platform="joo"}', value];
const requests = (status: string, values: string): Series => [`http_request_duration_seconds_count{service="billing",route="/v1/billing/orders",method="POST",status_code="${status}"}`, values];
const buckets = (name: string, labels: string, counts: Record<string, string>): Series[] =>
  Object.entries(counts).map(([le, values]) => [`${name}_bucket{${labels},le="${le}"}`, values]);
const latency = (slow: boolean) => buckets('http_request_duration_seconds', 'service="billing",route="/v1/billing/orders",method="POST",status_code="200"',
  slow ? { '0.5': '0x40', 1: '0x40', 2.5: '0+10x40', '+Inf': '0+10x40' } : { '0.5': '0+10x40', 1: '0+10x40', 2.5: '0+10x40', '+Inf': '0+10x40' });
const bus = (name: string, labels: string, values: string): Series => [`${name}{${labels}}`, values];
const CONSUMER = 'service="catalog",consumer="catalog",source="billing"';
const payments = (outcome: string, values: string): Series => [`joo_billing_payments_total{service="billing",provider="kaspi",outcome="${outcome}"}`, values];
const notifications = (failed: string, sent: string): Series[] => [
  ['joo_notifications_failures_total{service="notifications",channel="sms"}', failed],
  ['joo_notifications_messages_total{service="notifications",channel="sms",status="sent"}', sent],
];
const delivery = (slow: boolean) => buckets('joo_leads_delivery_seconds', 'service="leads",partner="kbtu"',
  slow ? { 60: '0x90', 300: '0x90', 1800: '0+5x90', '+Inf': '0+5x90' } : { 60: '0+5x90', 300: '0+5x90', 1800: '0+5x90', '+Inf': '0+5x90' });

export const ALERT_CASES: Record<string, AlertCase> = {
  JooServiceDown: {
    fires: [up('1 1 0x10')], at: '8m', quiet: [up('1x10')],
    labels: { job: 'joo', instance: 'billing:4003', service: 'billing', platform: 'joo' },
    summary: 'billing (billing:4003) cannot be scraped',
    description: 'Prometheus has not reached billing:4003 for 3 minutes: the process is down, not ready, or unreachable.',
  },
  JooHighErrorRate: {
    fires: [requests('500', '0+6x30'), requests('200', '0+54x30')], at: '25m', quiet: [requests('500', '0+1x30'), requests('200', '0+59x30')],
    labels: { service: 'billing' },
    summary: 'billing answers more than 5% of requests with 5xx',
    description: '10% of billing requests failed with a 5xx over 10 minutes.',
  },
  JooHighLatency: {
    fires: latency(true), at: '30m', quiet: latency(false),
    labels: { service: 'billing' },
    summary: 'billing p95 latency above 1 s',
    description: 'The 95th percentile of billing requests is 2.425s.',
  },
  JooEventLoopBlocked: {
    fires: [bus('nodejs_eventloop_lag_p99_seconds', 'service="billing",instance="billing:4003"', '0.8x30')], at: '20m',
    quiet: [bus('nodejs_eventloop_lag_p99_seconds', 'service="billing",instance="billing:4003"', '0.02x30')],
    labels: { service: 'billing', instance: 'billing:4003' },
    summary: 'billing:4003 event loop lags',
    description: 'The p99 event-loop lag of billing is 800ms: CPU-bound work or a synchronous call blocks requests.',
  },
  JooOutboxBacklog: {
    fires: [bus('joo_outbox_backlog', 'service="billing",source="billing"', '500x30')], at: '20m',
    quiet: [bus('joo_outbox_backlog', 'service="billing",source="billing"', '3x30')],
    labels: { source: 'billing' },
    summary: 'billing events are not reaching NATS',
    description: '500 outbox rows of billing are unpublished: NATS is down or full, or no relay holds the lock.',
  },
  JooConsumerLag: {
    fires: [bus('joo_consumer_lag', CONSUMER, '5000x30')], at: '20m', quiet: [bus('joo_consumer_lag', CONSUMER, '20x30')],
    labels: { consumer: 'catalog', source: 'billing' },
    summary: 'catalog falls behind on billing events',
    description: '5000 messages of billing wait for catalog.',
  },
  JooConsumerFailing: {
    fires: [bus('joo_consumer_failed_total', CONSUMER, '0+60x30')], at: '20m', quiet: [bus('joo_consumer_failed_total', CONSUMER, '0+1x30')],
    labels: { consumer: 'catalog', source: 'billing' },
    summary: 'catalog handlers keep failing on billing events',
    description: 'Handler attempts throw 1/s; after 5 attempts an event goes to dead letters.',
  },
  JooDeadLetters: {
    fires: [bus('joo_dead_letters_total', CONSUMER, '0 0 0 1x10')], at: '5m', quiet: [bus('joo_dead_letters_total', CONSUMER, '0x10')],
    labels: { consumer: 'catalog', source: 'billing' },
    summary: 'catalog dead-lettered billing events',
    description: '1 events were moved to catalog.dead_letters: their effect has not happened until they are replayed.',
  },
  JooLoginFailureSpike: {
    fires: [['joo_identity_logins_total{service="identity",outcome="invalid_credentials"}', '0+600x30']], at: '20m',
    quiet: [['joo_identity_logins_total{service="identity",outcome="invalid_credentials"}', '0+60x30'], ['joo_identity_logins_total{service="identity",outcome="succeeded"}', '0+6000x30']],
    labels: {},
    summary: 'Failed and throttled sign-ins above 5/s for 10 minutes',
    description: 'Sign-ins failing at 10/s: password guessing or credential stuffing, or a client sending wrong logins.',
  },
  JooPaymentFailureRate: {
    fires: [payments('failed', '0+3x40'), payments('succeeded', '0+7x40')], at: '30m', quiet: [payments('failed', '0+1x40'), payments('succeeded', '0+9x40')],
    labels: { provider: 'kaspi' },
    summary: 'More than 20% of payments with kaspi fail',
    description: '30% of payments with kaspi failed in the last 15 minutes.',
  },
  JooRefundPayoutOverdue: {
    fires: [['joo_billing_payouts_overdue{service="billing"}', '2x30']], at: '20m', quiet: [['joo_billing_payouts_overdue{service="billing"}', '0x30']],
    labels: {},
    summary: 'An approved refund is not paid back within 10 banking days',
    description: '2 approved refund payouts are past their due date (offer 14.7): the platform is in breach of the offer.',
  },
  JooSuspiciousPayment: {
    fires: [payments('suspicious', '0 0 1x10')], at: '5m', quiet: [payments('suspicious', '0x10'), payments('succeeded', '0+5x10')],
    labels: { provider: 'kaspi' },
    summary: 'A payment with kaspi was marked suspicious',
    description: 'A signed provider callback did not match its order (amount or currency); the order is on hold for a person.',
  },
  JooRefundReviewOverdue: {
    fires: [['joo_refunds_reviews_overdue{service="refunds"}', '3x30']], at: '20m', quiet: [['joo_refunds_reviews_overdue{service="refunds"}', '0x30']],
    labels: {},
    summary: 'A refund application is undecided after 10 working days',
    description: '3 refund applications are past their review deadline (offer 14.6): decide them today.',
  },
  JooRefundsPiling: {
    fires: [['joo_refunds_awaiting_review{service="refunds"}', '80x90']], at: '70m', quiet: [['joo_refunds_awaiting_review{service="refunds"}', '50x90']],
    labels: {},
    summary: 'More than 50 refund applications wait for a decision',
    description: '80 applications are waiting: more reviewers are needed before the deadlines pass.',
  },
  JooClaimAnswerOverdue: {
    fires: [['joo_refunds_claims_overdue{service="refunds"}', '2x30']], at: '20m', quiet: [['joo_refunds_claims_overdue{service="refunds"}', '0x30']],
    labels: {},
    summary: 'A claim is unanswered after 90 calendar days',
    description: '2 claims are past their answer deadline (offer 13.2): answer them today.',
  },
  JooClaimAnswerDueSoon: {
    fires: [['joo_refunds_claims_due_soon{service="refunds"}', '4x90']], at: '70m', quiet: [['joo_refunds_claims_due_soon{service="refunds"}', '0x90']],
    labels: {},
    summary: 'A claim must be answered within 10 days',
    description: '4 unanswered claims are due within 10 calendar days (offer 13.2).',
  },
  JooNotificationFailures: {
    fires: notifications('0+2x40', '0+8x40'), at: '30m', quiet: notifications('0+1x40', '0+19x40'),
    labels: { channel: 'sms' },
    summary: 'More than 10% of sms messages fail',
    description: '25% of sms messages failed in the last 15 minutes.',
  },
  JooNotificationsPiling: {
    fires: [['joo_notifications_pending{service="notifications"}', '900x40']], at: '30m', quiet: [['joo_notifications_pending{service="notifications"}', '400x40']],
    labels: {},
    summary: 'More than 500 notifications wait to be sent',
    description: '900 messages are pending: a provider is slow or down, or quiet hours hold them.',
  },
  JooLeadDeliveryFailing: {
    fires: [['joo_leads_delivery_failures_total{service="leads",partner="kbtu"}', '0+1x90']], at: '70m',
    quiet: [['joo_leads_delivery_failures_total{service="leads",partner="kbtu"}', '0+0.05x90']],
    labels: { partner: 'kbtu' },
    summary: 'Leads to kbtu keep failing',
    description: '30 deliveries to kbtu failed in 30 minutes; the university is not getting its leads.',
  },
  JooLeadDeliverySlow: {
    fires: delivery(true), at: '70m', quiet: delivery(false),
    labels: { partner: 'kbtu' },
    summary: 'Leads reach kbtu late',
    description: '95% of deliveries to kbtu take up to 28m 45s.',
  },
};

/** A promtool test file for `ruleFile` (relative to deploy/prometheus/tests/): per alert, one case that fires and one that stays silent. */
export function alertTests(ruleFile: string, rules: WrittenRule[]): Record<string, unknown> {
  const tests = rules.flatMap((rule) => {
    const c = ALERT_CASES[rule.alert];
    if (!c) throw new Error(`alert ${rule.alert} has no unit test: add its case to deploy/lib/alert-tests.ts`);
    const series = (list: Series[]) => list.map(([s, values]) => ({ series: s, values }));
    return [
      {
        name: `${rule.alert} fires`, interval: '1m', input_series: series(c.fires),
        alert_rule_test: [{
          eval_time: c.at, alertname: rule.alert,
          exp_alerts: [{
            exp_labels: { ...c.labels, severity: rule.labels.severity },
            exp_annotations: { summary: c.summary, description: c.description, runbook_url: rule.annotations.runbook_url },
          }],
        }],
      },
      {
        name: `${rule.alert} stays silent`, interval: '1m', input_series: series(c.quiet),
        alert_rule_test: [{ eval_time: c.at, alertname: rule.alert, exp_alerts: [] }],
      },
    ];
  });
  return { rule_files: [ruleFile], evaluation_interval: '1m', tests };
}
