/**
 * The checker: after the nemesis stops and the platform has settled, proves from the databases
 * and the fakes' records that nothing the platform confirmed was lost and nothing was done twice.
 * Each broken promise is one violation line; the counts go into the report.
 */
import type { ChaosPlatform } from './platform.js';
import { waitFor } from './http.js';
import type { Confirmed } from './workload.js';

export interface Verdict {
  violations: string[];
  /** effects checked, by kind */
  checked: Record<string, number>;
  lost: number;
  doubled: number;
}

/** Messages a student gets once per cause: a second one is a double. */
const ONCE_TEMPLATES = ['welcome', 'payment_received', 'refund_submitted', 'refund_approved', 'refund_paid', 'lead_delivered'];

async function rows<T>(platform: ChaosPlatform, service: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const db = platform.databases[service];
  if (!db) return [];
  return (await db.pool.query(sql, params)).rows as T[];
}

async function pendingWork(platform: ChaosPlatform): Promise<string[]> {
  const pending: string[] = [];
  for (const service of Object.keys(platform.databases)) {
    const [o] = await rows<{ n: string }>(platform, service, 'SELECT count(*) AS n FROM outbox WHERE published_at IS NULL');
    if (Number(o!.n) > 0) pending.push(`${service}: ${o!.n} outbox rows unpublished`);
  }
  const [d] = await rows<{ n: string }>(platform, 'leads', `SELECT count(*) AS n FROM deliveries WHERE status = 'pending'`);
  if (d && Number(d.n) > 0) pending.push(`leads: ${d.n} deliveries pending`);
  const [m] = await rows<{ n: string }>(platform, 'notifications', `SELECT count(*) AS n FROM messages WHERE status IN ('pending', 'sending')`);
  if (m && Number(m.n) > 0) pending.push(`notifications: ${m.n} messages not sent yet`);
  const [a] = await rows<{ n: string }>(platform, 'refunds', `SELECT count(*) AS n FROM applications WHERE status = 'approved'`);
  if (a && Number(a.n) > 0) pending.push(`refunds: ${a.n} approved applications not paid yet`);
  // An event published but not yet handled is work still on its way (an entitlement not granted yet).
  for (const c of await platform.nats.consumers()) {
    if (c.pending > 0 || c.ackPending > 0) pending.push(`consumer ${c.stream}/${c.name}: ${c.pending} not delivered, ${c.ackPending} unacknowledged (leader ${c.leader ?? 'n/a'})`);
  }
  return pending;
}

/** Waits (up to `timeoutMs`) until outboxes, consumers, deliveries, messages and payouts have drained. */
export async function settle(platform: ChaosPlatform, timeoutMs: number): Promise<string[]> {
  let last: string[] = [];
  try {
    await waitFor('the platform to settle', async () => { last = await pendingWork(platform); return last.length === 0; }, timeoutMs);
  } catch {
    // reported as violations by check()
  }
  return last;
}

function duplicates(keys: Array<string | null>): string[] {
  const seen = new Map<string, number>();
  for (const k of keys) if (k) seen.set(k, (seen.get(k) ?? 0) + 1);
  return [...seen].filter(([, n]) => n > 1).map(([k, n]) => `${k} ×${n}`);
}

export async function check(platform: ChaosPlatform, confirmed: Confirmed, unsettled: string[]): Promise<Verdict> {
  const violations: string[] = unsettled.map((u) => `not drained: ${u}`);
  const checked: Record<string, number> = {};
  let lost = 0;
  let doubled = 0;
  const note = (kind: string) => { checked[kind] = (checked[kind] ?? 0) + 1; };

  // Payments → paid orders → entitlements.
  const orders = await rows<{ id: string; status: string; payment: string | null; refunded: string }>(platform, 'billing',
    'SELECT o.id, o.status, p.status AS payment, o.refunded_amount AS refunded FROM orders o LEFT JOIN payments p ON p.order_id = o.id');
  const orderById = new Map(orders.map((o) => [o.id, o]));
  const entitlements = await rows<{ order_id: string | null; status: string; revoked_reason: string | null }>(platform, 'catalog',
    'SELECT order_id, status, revoked_reason FROM entitlements WHERE order_id IS NOT NULL');
  const entitlementsOf = (orderId: string) => entitlements.filter((e) => e.order_id === orderId);
  for (const { orderId } of confirmed.paidOrders) {
    note('confirmed payment');
    const o = orderById.get(orderId);
    if (!o || o.status !== 'paid' || o.payment !== 'succeeded') { lost++; violations.push(`payment of order ${orderId} confirmed to the student, but the order is ${o?.status ?? 'missing'} / payment ${o?.payment ?? 'missing'}`); }
  }
  for (const o of orders) {
    if (o.status === 'paid' && o.payment !== 'succeeded') violations.push(`order ${o.id} is paid without a succeeded payment (${o.payment})`);
    if (o.status !== 'paid') continue;
    note('paid order → one entitlement');
    const n = entitlementsOf(o.id).length;
    if (n === 0) { lost++; violations.push(`paid order ${o.id} has no entitlement`); }
    if (n > 1) { doubled++; violations.push(`paid order ${o.id} has ${n} entitlements`); }
  }
  for (const e of entitlements) {
    const o = orderById.get(e.order_id!);
    if (!o || o.status !== 'paid') violations.push(`entitlement for order ${e.order_id} without a paid order`);
  }

  // Approved refunds: paid back once, access ended.
  const applications = await rows<{ id: string; status: string }>(platform, 'refunds', 'SELECT id, status FROM applications');
  const payouts = await rows<{ application_id: string; order_id: string; status: string; amount: string }>(platform, 'billing',
    'SELECT application_id, order_id, status, amount FROM refund_payouts');
  for (const r of confirmed.approvedRefunds) {
    note('approved refund');
    const app = applications.find((a) => a.id === r.applicationId);
    if (app?.status !== 'paid') { lost++; violations.push(`approved refund ${r.applicationId} is ${app?.status ?? 'missing'}, not paid`); }
    const mine = payouts.filter((p) => p.application_id === r.applicationId);
    if (mine.length !== 1 || mine[0]!.status !== 'paid') { lost++; violations.push(`refund ${r.applicationId}: ${mine.length} payouts (${mine.map((p) => p.status).join(', ')})`); }
    const o = orderById.get(r.orderId);
    const paidBack = mine.filter((p) => p.status === 'paid').reduce((sum, p) => sum + Number(p.amount), 0);
    if (o && Number(o.refunded) !== paidBack) { doubled++; violations.push(`order ${r.orderId} records ${o.refunded} refunded, the payouts ${paidBack}`); }
    const access = entitlementsOf(r.orderId);
    if (access.some((e) => e.status !== 'revoked' || e.revoked_reason !== 'refund')) violations.push(`refunded order ${r.orderId} still gives access`);
  }

  // Leads: each delivered to the partner under one webhook id.
  const { partner, sendgrid, twilio } = platform.providers;
  const webhooks = partner.received.map((w) => {
    try {
      return { id: w.id, answered: w.answered, leadId: (JSON.parse(w.body) as { data?: { leadId?: string } }).data?.leadId };
    } catch {
      return { id: w.id, answered: w.answered, leadId: undefined };
    }
  });
  for (const { leadId } of confirmed.leads) {
    note('lead delivered');
    const mine = webhooks.filter((w) => w.leadId === leadId);
    if (!mine.some((w) => w.answered !== null && w.answered < 300)) { lost++; violations.push(`lead ${leadId} never accepted by the partner (${mine.length} tries)`); }
    const ids = new Set(mine.map((w) => w.id));
    if (ids.size > 1) { doubled++; violations.push(`lead ${leadId} delivered under ${ids.size} webhook ids`); }
  }

  // E-mail and SMS: never the same message twice, never the same cause twice.
  checked['e-mail sent'] = sendgrid.received.length;
  checked['SMS sent'] = twilio.messages().length;
  for (const d of duplicates(sendgrid.received.map((m) => m.idempotencyKey))) { doubled++; violations.push(`e-mail sent twice: ${d}`); }
  for (const d of duplicates(twilio.messages().map((m) => m.idempotencyKey))) { doubled++; violations.push(`SMS sent twice: ${d}`); }
  const causes = await rows<{ key: string; n: string }>(platform, 'notifications',
    `SELECT user_id || ' ' || template || ' ' || channel AS key, count(*) AS n FROM messages WHERE template = ANY($1) GROUP BY 1 HAVING count(*) > 1`, [ONCE_TEMPLATES]);
  for (const c of causes) { doubled++; violations.push(`message made ${c.n} times: ${c.key}`); }

  // No dead letters anywhere.
  for (const service of Object.keys(platform.databases)) {
    const dead = await rows<{ consumer: string; event_type: string; error: string }>(platform, service, 'SELECT consumer, event_type, error FROM dead_letters');
    for (const d of dead) violations.push(`dead letter in ${service}: ${d.consumer} ${d.event_type}: ${d.error.slice(0, 200)}`);
  }

  // Replicas that died on their own.
  for (const e of platform.unplannedExits) {
    const when = e.wasReady ? `after ${e.uptimeMs} ms of service` : `while starting (${e.uptimeMs} ms after launch)`;
    violations.push(`${e.replica} exited on its own ${when} (code ${e.code}, signal ${e.signal}):\n${e.tail}`);
  }
  return { violations, checked, lost, doubled };
}
