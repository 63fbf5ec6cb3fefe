/**
 * Payment callback → entitlement visible in catalog, at a steady 200 payments/s (goal: p99 ≤ 50 ms).
 *
 * The real processes (identity, catalog, billing, gateway) run on fresh databases. Orders are placed
 * through the gateway beforehand; then signed sandbox notices are posted to billing's callback
 * endpoint on an open-loop schedule (one every 5 ms, whatever the answers do), as a provider would.
 * A payment counts as visible when catalog publishes its catalog.entitlement.granted event, which
 * its relay does only after the grant has committed; a sample of them is also read back through
 * catalog's HTTP API at that moment to show the entitlement is there.
 */
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { startPlatform } from '@joo/testing';
import { figure, json, registerStudents } from './lib.js';

const RATE = Number(process.env.BENCH_RATE ?? 200);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const USERS = 20;
const SEQUENTIAL = 50;
const SANDBOX_SECRET = randomBytes(32).toString('base64');
const STANDARD = '01940000-0000-7000-8000-000000000001';

/** CPU time (ms) a process has used so far, from /proc (Linux), or NaN elsewhere. */
function cpuMsOf(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return Number.NaN;
  }
}

/** Busy and total jiffies of the whole machine (every core), from /proc/stat. */
function machineJiffies(): { busy: number; total: number } {
  try {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const total = f.reduce((a, b) => a + b, 0);
    return { busy: total - f[3]! - f[4]!, total };
  } catch {
    return { busy: Number.NaN, total: Number.NaN };
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : Number.NaN;
}

const teardowns: Array<() => unknown> = [];
const platform = await startPlatform({ teardown: (fn) => void teardowns.push(fn) }, {
  services: ['catalog', 'billing'],
  env: {
    gateway: { RATE_LIMIT_IP_PER_MINUTE: '100000000', RATE_LIMIT_USER_PER_MINUTE: '100000000' },
    // The bench plays the sandbox provider itself, so it must know the secret.
    billing: { SANDBOX_SECRET },
  },
});
try {
  const gw = platform.gatewayUrl;
  const logins = await registerStudents(gw, USERS);
  const tokens: string[] = [];
  for (const body of logins) tokens.push((await json(`${gw}/v1/identity/login`, 'POST', JSON.parse(body))).accessToken);

  // Billing knows the price once catalog's product events have reached it.
  const orderWithKey = (token: string) => fetch(`${gw}/v1/billing/orders`, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': randomUUID() },
    body: JSON.stringify({ productId: STANDARD, profileSubject: 'math-physics', acceptTerms: true }),
  });
  for (let i = 0; ; i++) {
    if ((await orderWithKey(tokens[0]!)).status === 201) break;
    if (i > 200) throw new Error('billing never learned the Standard price');
    await new Promise((r) => setTimeout(r, 100));
  }

  const total = RATE * SECONDS;
  const placing = total + SEQUENTIAL;
  const payments: Array<{ orderId: string; paymentId: string; userIndex: number; amount: number }> = [];
  const placingStarted = Date.now();
  let next = 0;
  await Promise.all(Array.from({ length: 16 }, async () => {
    while (next < placing) {
      const i = next++;
      const res = await orderWithKey(tokens[i % USERS]!);
      const body = (await res.json()) as { orderId: string; paymentUrl: string; amount: number };
      if (res.status !== 201) throw new Error(`order ${i}: ${res.status} ${JSON.stringify(body)}`);
      payments.push({ orderId: body.orderId, paymentId: body.paymentUrl.split('/').pop()!, userIndex: i % USERS, amount: body.amount });
    }
  }));
  const placingMs = Date.now() - placingStarted;

  const sentAt = new Map<string, number>();
  // Wall-clock send times, to split the catalog leg at the grant's own timestamp (grantedAt is
  // when catalog's handler ran, on this machine's clock).
  const sentWall = new Map<string, number>();
  const handlerStartMs: number[] = [];
  const afterHandlerMs: number[] = [];
  const visibleMs: number[] = [];
  const callbackMs: number[] = [];
  let callbackErrors = 0;
  const errorKinds = new Map<string, number>();
  const countError = (kind: string) => { callbackErrors += 1; errorKinds.set(kind, (errorKinds.get(kind) ?? 0) + 1); };
  let sampled = 0;
  let sampleMisses = 0;
  const catalogUrl = platform.services.catalog!.url;
  let resolveAll!: () => void;
  const allVisible = new Promise<void>((r) => { resolveAll = r; });
  const waiters = new Map<string, () => void>();
  // The hop in between: billing's relay has published payment.succeeded.
  const publishedMs: number[] = [];
  const billingSub = platform.nats.subscribe(`${platform.busPrefix}joo.billing.payment.succeeded.v1`, {
    callback: (_err, msg) => {
      const at = performance.now();
      const sent = sentAt.get(msg.json<{ data: { orderId: string } }>().data.orderId);
      if (sent !== undefined) publishedMs.push(at - sent);
    },
  });
  const sub = platform.nats.subscribe(`${platform.busPrefix}joo.catalog.entitlement.granted.v1`, {
    callback: (_err, msg) => {
      const at = performance.now();
      const { data } = msg.json<{ data: { orderId: string; userId: string; grantedAt: string } }>();
      const wallSent = sentWall.get(data.orderId);
      if (wallSent !== undefined) {
        const granted = Date.parse(data.grantedAt);
        handlerStartMs.push(granted - wallSent);
        afterHandlerMs.push(Date.now() - granted);
      }
      const waiter = waiters.get(data.orderId);
      if (waiter) { waiters.delete(data.orderId); waiter(); return; }
      const sent = sentAt.get(data.orderId);
      if (sent === undefined) return;
      visibleMs.push(at - sent);
      if (visibleMs.length % 50 === 0) {
        sampled += 1;
        const p = payments.find((x) => x.orderId === data.orderId)!;
        void fetch(`${catalogUrl}/v1/catalog/me/entitlements?limit=100`, { headers: { authorization: `Bearer ${tokens[p.userIndex]}` } })
          .then((r) => r.json() as Promise<{ items: Array<{ orderId: string }> }>)
          .then((b) => { if (!b.items.some((e) => e.orderId === data.orderId)) sampleMisses += 1; });
      }
      if (visibleMs.length === total) resolveAll();
    },
  });

  const callbackUrl = `${platform.services.billing!.url}/v1/billing/callbacks/sandbox`;
  // The provider's side runs on this machine too: node:http with kept-alive connections costs it a
  // fraction of fetch()'s CPU, which would otherwise be taken from the services being measured.
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const post = (p: (typeof payments)[number]) => new Promise<number>((resolve, reject) => {
    const body = JSON.stringify({ paymentId: p.paymentId, transactionId: `bench-${p.paymentId}`, status: 'succeeded', amount: p.amount, currency: 'KZT' });
    const req = request(callbackUrl, {
      method: 'POST', agent,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-sandbox-signature': createHmac('sha256', SANDBOX_SECRET).update(body).digest('hex') },
    }, (res) => {
      res.resume();
      res.once('end', () => resolve(res.statusCode ?? 0));
      res.once('error', reject);
    });
    req.once('error', reject);
    req.end(body);
  });

  // One payment at a time first: the path's own latency, with no queue in front of it.
  const alone: number[] = [];
  for (const p of payments.splice(total, SEQUENTIAL)) {
    const t0 = performance.now();
    const granted = new Promise<void>((r) => waiters.set(p.orderId, r));
    await post(p);
    await Promise.race([granted, new Promise((r) => setTimeout(r, 10_000))]);
    alone.push(performance.now() - t0);
  }
  const cpuPids = { billing: platform.services.billing!.process.pid, catalog: platform.services.catalog!.process.pid };
  const cpuBefore = Object.fromEntries(Object.entries(cpuPids).map(([k, pid]) => [k, cpuMsOf(pid)]));
  const benchCpuBefore = process.cpuUsage();
  const machineBefore = machineJiffies();
  const started = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const p = payments[i]!;
    const t0 = performance.now();
    sentAt.set(p.orderId, t0);
    sentWall.set(p.orderId, Date.now());
    inFlight.push(post(p).then((status) => {
      if (status !== 200) countError(`HTTP ${status}`);
      callbackMs.push(performance.now() - t0);
    }, (error: Error & { code?: string }) => countError(error.code ?? error.message)));
  }
  const sendingMs = performance.now() - started;
  await Promise.all(inFlight);
  await Promise.race([allVisible, new Promise((r) => setTimeout(r, 30_000))]);
  const machineAfter = machineJiffies();
  const benchCpu = process.cpuUsage(benchCpuBefore);
  const cpuPerPayment = Object.entries(cpuPids).map(([k, pid]) => `${k} ${((cpuMsOf(pid) - cpuBefore[k]!) / total).toFixed(2)}`);
  cpuPerPayment.push(`this load generator ${((benchCpu.user + benchCpu.system) / 1000 / total).toFixed(2)}`);
  sub.unsubscribe();
  billingSub.unsubscribe();
  await new Promise((r) => setTimeout(r, 200));

  const visible = [...visibleMs].sort((a, b) => a - b);
  alone.sort((a, b) => a - b);
  const published = [...publishedMs].sort((a, b) => a - b);
  const callbacks = [...callbackMs].sort((a, b) => a - b);
  figure('orders placed beforehand (through the gateway)', `${total} in ${(placingMs / 1000).toFixed(1)} s`);
  figure(`one at a time (${SEQUENTIAL}): callback → granted p50`, percentile(alone, 50), 'ms');
  figure(`one at a time (${SEQUENTIAL}): callback → granted p99`, percentile(alone, 99), 'ms');
  figure('callbacks sent, achieved rate', (total * 1000) / sendingMs, '/s');
  figure('callback answered (billing) p50', percentile(callbacks, 50), 'ms');
  figure('callback answered (billing) p99', percentile(callbacks, 99), 'ms');
  figure('callback → payment.succeeded on the bus (billing) p50', percentile(published, 50), 'ms');
  figure('callback → payment.succeeded on the bus (billing) p99', percentile(published, 99), 'ms');
  const handlerStart = handlerStartMs.sort((a, b) => a - b);
  const afterHandler = afterHandlerMs.sort((a, b) => a - b);
  figure('callback → catalog handler starts p50 / p99', `${percentile(handlerStart, 50)} / ${percentile(handlerStart, 99)}`, 'ms');
  figure('handler start → granted on the bus (catalog) p50 / p99', `${percentile(afterHandler, 50)} / ${percentile(afterHandler, 99)}`, 'ms');
  figure('callback → entitlement granted in catalog p50', percentile(visible, 50), 'ms');
  figure('callback → entitlement granted in catalog p99 (goal ≤ 50)', percentile(visible, 99), 'ms');
  figure('callback → entitlement granted in catalog max', visible[visible.length - 1] ?? Number.NaN, 'ms');
  figure('entitlements seen / payments', `${visible.length} / ${total}`);
  figure('callback errors', `${callbackErrors} ${JSON.stringify(Object.fromEntries(errorKinds))}`);
  figure('sampled entitlements missing from catalog HTTP read', `${sampleMisses} / ${sampled}`);
  figure('CPU ms per payment while sending (by process)', cpuPerPayment.join(', '));
  figure('machine CPU busy while sending (all cores)', (100 * (machineAfter.busy - machineBefore.busy)) / (machineAfter.total - machineBefore.total), '%');
  figure('machine load average (1 min) at the end', (await import('node:os')).loadavg()[0]!);
  agent.destroy();
} finally {
  await platform.stop();
  for (const fn of teardowns.reverse()) await fn();
}
