/**
 * A marketing broadcast to 10 000 users: messages per second handed to the fake SendGrid and Twilio
 * (from the POST until the last provider request was taken) and the notifications process's peak
 * memory (RSS). Runs the built service (services/notifications/dist) as a real process against a
 * fresh database and a unique bus prefix. `BENCH_USERS` (10000), `BENCH_CONCURRENCY` (the service's
 * DELIVERY_CONCURRENCY, default 32).
 *
 *   pnpm exec tsc -b services/notifications packages/testing
 *   pnpm --filter ./bench exec tsx notifications-broadcast.ts
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createPool, databaseUrl, dropDatabase, ensureDatabase } from '@joo/db';
import { fakeSendGrid, fakeTwilio, TEST_SERVER_URL, testIssuer } from '@joo/testing';
import { figure, json } from './lib.js';

const USERS = Number(process.env.BENCH_USERS ?? 10_000);
const CONCURRENCY = process.env.BENCH_CONCURRENCY ?? '32';
const PORT = 23_000 + Math.floor(Math.random() * 1000);
const service = fileURLToPath(new URL('../services/notifications/', import.meta.url));

const teardowns: Array<() => unknown> = [];
const t = { teardown: (fn: () => unknown) => void teardowns.push(fn) };

function statusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(match?.[1] ?? 0);
}

function run(script: string, env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script], { cwd: service, env: { ...process.env, ...env }, stdio: 'inherit' });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${script} exited ${code}`))));
  });
}

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const name = `joo_bench_notifications_${randomBytes(3).toString('hex')}`;
await ensureDatabase(TEST_SERVER_URL, name);
teardowns.push(() => dropDatabase(TEST_SERVER_URL, name));
const url = databaseUrl(TEST_SERVER_URL, name);
const child: { pid?: number; kill?: () => void } = {};
try {
  await run('dist/migrate.js', { DATABASE_URL: url });
  const pool = createPool({ connectionString: url, max: 2, applicationName: 'bench' });
  // Recipients as identity's events would have left them; half in Kazakh, everyone agreed to e-mail and SMS and to the cross-border transfer.
  await pool.query(
    `INSERT INTO recipients (user_id, full_name, email, phone, region, locale, marketing_email, marketing_sms, marketing_calls, cross_border_transfer, contacts_at, consents_at)
     SELECT 'bench-' || i, 'Bench ' || i, 'bench' || i || '@example.kz', '+7701' || lpad(i::text, 7, '0'), 'almaty',
            CASE WHEN i % 2 = 0 THEN 'kk' ELSE 'ru' END, true, true, false, true, now(), now()
       FROM generate_series(1, $1::int) AS i`, [USERS]);

  const sendgrid = await fakeSendGrid(t);
  const twilio = await fakeTwilio(t);
  const issuer = await testIssuer(t);
  // BENCH_NODE_ARGS: flags for the service process, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`.
  const proc = spawn(process.execPath, [...(process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean), 'dist/main.js'], {
    cwd: service, stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env, DATABASE_URL: url, PORT: String(PORT), LOG_LEVEL: 'warn', BUS_PREFIX: `b${randomBytes(3).toString('hex')}.`,
      JWKS_URL: issuer.jwksUrl, SENDGRID_BASE_URL: sendgrid.url, SENDGRID_WEBHOOK_PUBLIC_KEY: sendgrid.publicKey, TWILIO_BASE_URL: twilio.url,
      DELIVERY_CONCURRENCY: CONCURRENCY, DELIVERY_POLL_MS: '200', PUBLIC_BASE_URL: `http://127.0.0.1:${PORT}`,
    },
  });
  child.pid = proc.pid!;
  child.kill = () => proc.kill('SIGTERM');
  const base = `http://127.0.0.1:${PORT}`;
  await waitFor(async () => (await fetch(`${base}/health/ready`).catch(() => null))?.ok === true, 30_000, 'the service to be ready');
  const idleRss = statusKb(proc.pid!, 'VmRSS');

  // Marketing SMS wait out 21:00–09:00 Almaty: at night the figure is for e-mail alone.
  const almatyHour = Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Almaty', hour: '2-digit', hourCycle: 'h23' }).format(new Date()));
  const channels = almatyHour >= 9 && almatyHour < 21 ? ['email', 'sms'] : ['email'];
  const expected = USERS * channels.length;
  let peakRss = idleRss;
  const sampler = setInterval(() => { peakRss = Math.max(peakRss, statusKb(proc.pid!, 'VmRSS')); }, 50);

  const admin = issuer.sign({ sub: 'bench-admin', sid: 'bench', roles: ['admin'] });
  const started = performance.now();
  const broadcast = await json(`${base}/v1/notifications/admin/broadcasts`, 'POST', { audience: {}, channels, template: 'new_materials' }, admin);
  let firstAt = 0;
  await waitFor(() => {
    const handed = sendgrid.received.length + twilio.received.length;
    if (!firstAt && handed > 0) firstAt = performance.now();
    return handed >= expected;
  }, 600_000, `${expected} messages at the fakes`);
  const elapsed = (performance.now() - started) / 1000;
  clearInterval(sampler);
  const progress = await json(`${base}/v1/notifications/admin/broadcasts/${broadcast.id}`, 'GET', undefined, admin);
  await waitFor(async () => {
    const p = await json(`${base}/v1/notifications/admin/broadcasts/${broadcast.id}`, 'GET', undefined, admin);
    return p.counts.sent === expected;
  }, 60_000, 'every message recorded as sent');
  peakRss = Math.max(peakRss, statusKb(proc.pid!, 'VmHWM'));

  console.log(`notifications broadcast: ${USERS} users, channels ${channels.join('+')}, DELIVERY_CONCURRENCY=${CONCURRENCY}`);
  figure('messages handed to the fake providers', expected, 'messages');
  figure('time from POST to the last provider request', elapsed, 's');
  figure('queueing (POST → first provider request)', (firstAt - started) / 1000, 's');
  figure('throughput (messages/s, POST to last)', expected / elapsed, 'msg/s');
  figure('throughput while sending (first to last)', expected / ((performance.now() - firstAt) / 1000 || 1), 'msg/s');
  figure('duplicates at the providers', expected - new Set([...sendgrid.received.map((m) => m.idempotencyKey), ...twilio.received.map((m) => m.idempotencyKey)]).size);
  figure('service RSS idle', idleRss / 1024, 'MiB');
  figure('service RSS peak (VmHWM)', peakRss / 1024, 'MiB');
  figure('broadcast total queued', progress.total);
  await pool.end();
} finally {
  child.kill?.();
  await new Promise((r) => setTimeout(r, 1000));
  for (const fn of teardowns.reverse()) await fn();
}
