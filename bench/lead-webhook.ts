/**
 * "Get consultation" → the signed webhook received by a partner: the time from the student's
 * POST /v1/leads leaving the client (through the gateway) to the fake partner having read the
 * whole webhook and verified its signature with the stock library (goal: p99 ≤ 200 ms).
 *
 * UNIVERSITIES universities each have a partner whose webhook is the fake partner on 127.0.0.1;
 * students press for every one of them (one lead per student and university: the 30-day dedup).
 * First one press at a time, then PARALLEL students pressing at once.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { fakePartner, startPlatform, type ReceivedWebhook } from '@joo/testing';
import { figure, json, percentile } from './lib.js';

const LEADS = Number(process.env.BENCH_LEADS ?? 200);
const PARALLEL = Number(process.env.BENCH_PARALLEL ?? 8);
const UNIVERSITIES = 10;

const teardowns: Array<() => unknown> = [];
const harness = { teardown: (fn: () => unknown) => void teardowns.push(fn) };
const unlimited = { RATE_LIMIT_IP_PER_MINUTE: '100000000', RATE_LIMIT_USER_PER_MINUTE: '100000000' };

try {
  const partner = await fakePartner(harness);
  const platform = await startPlatform(harness, { services: ['leads'], env: { gateway: unlimited, leads: { ALLOW_PRIVATE_WEBHOOKS: 'true' } } });
  const gw = platform.gatewayUrl;
  const admin = await json(`${gw}/v1/identity/login`, 'POST', { login: platform.admin.email, password: platform.admin.password, device: { id: 'bench', name: 'Bench' } });

  const universities: string[] = [];
  const secrets: string[] = [];
  for (let i = 0; i < UNIVERSITIES; i++) {
    const { id } = await json(`${gw}/v1/leads/admin/universities`, 'POST', {
      name: { kk: `Bench университеті ${i}`, ru: `Bench университет ${i}` }, region: 'almaty', programmes: [],
    }, admin.accessToken);
    const p = await json(`${gw}/v1/leads/admin/partners`, 'POST', { universityId: id, webhookUrl: partner.url }, admin.accessToken);
    universities.push(id);
    secrets.push(p.webhookSecret);
  }
  partner.setSecrets(secrets);

  const offer = await json(`${gw}/v1/identity/offers/current`, 'GET');
  let serial = 0;
  const newStudent = async (): Promise<string> => {
    serial += 1;
    const email = `bench-leads-${serial}@example.kz`;
    await json(`${gw}/v1/identity/register`, 'POST', {
      fullName: `Bench Student ${serial}`, region: 'almaty', email, phone: `+7701555${String(1000 + serial)}`,
      password: 'bench-passphrase-2026', locale: 'ru', acceptOffer: true, offerVersion: offer.version,
    });
    return (await json(`${gw}/v1/identity/login`, 'POST', { login: email, password: 'bench-passphrase-2026', device: { id: 'b', name: 'B' } })).accessToken;
  };

  const arrived = new Map<string, ReceivedWebhook>();
  let indexed = 0;
  const waitFor = async (leadId: string): Promise<ReceivedWebhook> => {
    for (;;) {
      for (; indexed < partner.received.length; indexed++) {
        const r = partner.received[indexed]!;
        arrived.set((JSON.parse(r.body) as { data: { leadId: string } }).data.leadId, r);
      }
      const hit = arrived.get(leadId);
      if (hit) return hit;
      await new Promise((r) => setTimeout(r, 1));
    }
  };
  let keys = 0;
  const press = async (token: string, universityId: string): Promise<number> => {
    const started = Date.now();
    const res = await fetch(`${gw}/v1/leads`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': `bench-${keys++}` },
      body: JSON.stringify({ universityId }),
    });
    const body = await res.json() as { leadId: string };
    if (res.status === 409) throw Object.assign(new Error('the registration has not reached leads yet'), { retry: true });
    if (res.status !== 201) throw new Error(`press → ${res.status} ${JSON.stringify(body)}`);
    const got = await waitFor(body.leadId);
    if (got.verifiedWith.length === 0) throw new Error(`a webhook that does not verify: ${got.error}`);
    return got.receivedAt.getTime() - started;
  };
  /** Every lead a student can make: one per university. The first waits for leads to know them. */
  const pressAll = async (token: string, count: number, out: number[]) => {
    for (let u = 0; u < count; u++) {
      for (let tries = 0; ; tries++) {
        try {
          out.push(await press(token, universities[u]!));
          break;
        } catch (error) {
          if (!(error as { retry?: boolean }).retry || tries > 100) throw error;
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    }
  };

  // Students registered ahead, so their user.registered has reached leads before timing starts.
  const sequentialStudents = await Promise.all(Array.from({ length: Math.ceil(LEADS / UNIVERSITIES) }, newStudent));
  const lanes = await Promise.all(Array.from({ length: PARALLEL }, async () => Promise.all(
    Array.from({ length: Math.ceil(LEADS / PARALLEL / UNIVERSITIES) }, newStudent))));
  await new Promise((r) => setTimeout(r, 1_000));

  const sequential: number[] = [];
  for (const [i, token] of sequentialStudents.entries()) await pressAll(token, Math.min(UNIVERSITIES, LEADS - i * UNIVERSITIES), sequential);
  const parallel: number[] = [];
  const startedAll = performance.now();
  await Promise.all(lanes.map(async (tokens) => {
    for (const token of tokens) await pressAll(token, UNIVERSITIES, parallel);
  }));
  const seconds = (performance.now() - startedAll) / 1000;

  for (const [label, values] of [['one at a time', sequential], [`${PARALLEL} students at once`, parallel]] as const) {
    const sorted = [...values].sort((a, b) => a - b);
    figure(`press → webhook received, ${label}: n`, String(sorted.length));
    figure(`press → webhook received, ${label}: p50`, percentile(sorted, 50), 'ms');
    figure(`press → webhook received, ${label}: p99`, percentile(sorted, 99), 'ms');
    figure(`press → webhook received, ${label}: max`, sorted.at(-1)!, 'ms');
  }
  figure(`leads/s delivered, ${PARALLEL} students at once`, parallel.length / seconds, '/s');
  figure('webhooks received / verified', `${partner.received.length} / ${partner.received.filter((r) => r.verifiedWith.length > 0).length}`);
  // Histogram lines carry labels: `joo_leads_delivery_seconds_sum{partner="…",service="leads"} 0.04`.
  const metrics = (await (await fetch(`${platform.services.leads!.url}/metrics`)).text()).split('\n');
  const total = (name: string) => metrics.filter((l) => l.startsWith(name)).reduce((a, l) => a + Number(l.split(' ').at(-1)), 0);
  figure('joo_leads_delivery_seconds mean (created → 2xx, server side)', (1000 * total('joo_leads_delivery_seconds_sum')) / total('joo_leads_delivery_seconds_count'), 'ms');
  figure('load average (1 min) of the machine at the end', os.loadavg()[0]!);
  await platform.stop();
} finally {
  for (const fn of teardowns.reverse()) await fn();
}
