import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { connectBus, publishEnvelope } from '@joo/bus';
import { UserRegistered } from '@joo/contracts';
import { eventually, testBus, testDatabase, testIssuer, testLogLevel } from '@joo/testing';
import { notificationsMigrations } from '../src/migrations.js';
import { envelope, messagesOf, registered } from './helper.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));

const freePort = () => new Promise<number>((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const { port } = s.address() as { port: number };
    s.close(() => resolve(port));
  });
});

function start(t: { teardown(fn: () => unknown): void }, args: string[], env: Record<string, string>): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => { out += d; });
  child.stderr!.on('data', (d) => { out += d; });
  t.teardown(() => new Promise<void>((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  }));
  return { child, output: () => out };
}
t.test('when the built service runs with the fake providers of serve-providers, then an event becomes delivered messages through signed callbacks', async (t) => {
  const db = await testDatabase(t, { migrations: await notificationsMigrations(), label: 'notifications_process', poolSize: 2 });
  const bus = await testBus(t);
  const issuer = await testIssuer(t);
  const port = await freePort();
  const metricsPort = await freePort();
  const fakes = start(t, ['packages/testing/dist/fakes/serve-providers.js', '--sendgrid-port', '0', '--twilio-port', '0',
    '--sendgrid-webhook', `http://127.0.0.1:${port}/v1/notifications/webhooks/sendgrid`], {});
  const printed = await eventually(() => /TWILIO_BASE_URL=\S+/.test(fakes.output()) && fakes.output(), { message: 'the fake providers print their addresses' });
  const vars = Object.fromEntries([...printed.matchAll(/^([A-Z_]+)=(\S+)$/gm)].map((m) => [m[1]!, m[2]!]));
  t.match(vars, { SENDGRID_BASE_URL: /^http:\/\/127\.0\.0\.1:\d+$/, TWILIO_BASE_URL: /^http:\/\/127\.0\.0\.1:\d+$/, SENDGRID_WEBHOOK_PUBLIC_KEY: /^MF/ });

  const service = start(t, ['services/notifications/dist/main.js'], {
    ...vars, DATABASE_URL: db.url, PORT: String(port), METRICS_PORT: String(metricsPort), PUBLIC_BASE_URL: `http://127.0.0.1:${port}`, NATS_URL: bus.url, BUS_PREFIX: bus.prefix,
    JWKS_URL: issuer.jwksUrl, LOG_LEVEL: testLogLevel('warn'), DELIVERY_POLL_MS: '100',
  });
  await eventually(async () => (await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => null))?.ok === true,
    { timeoutMs: 20_000, message: () => `the service ready; its output:\n${service.output()}` });

  const publisher = await connectBus({ url: bus.url, prefix: bus.prefix, name: 'identity-test' });
  t.teardown(() => publisher.close());
  await publisher.ensureStream('identity');
  const u = registered({ locale: 'ru' });
  await publishEnvelope(publisher, envelope(UserRegistered, u.userId, u.data));

  const rows = await eventually(async () => {
    const rows = await messagesOf(db.pool, u.userId);
    return rows.length === 2 && rows.every((m) => m.status === 'delivered') ? rows : null;
  }, { timeoutMs: 20_000 });
  t.same(rows.map((m) => [m.channel, m.provider_status]), [['email', 'delivered'], ['sms', 'delivered']]);
  const { rows: log } = await db.pool.query(`SELECT what, outcome FROM delivery_log WHERE what = 'callback' ORDER BY id`);
  t.ok(log.length >= 3, 'signed SendGrid events and Twilio callbacks were accepted');
  const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
  t.match(metrics, /joo_notifications_messages_total\{channel="sms",status="delivered",service="notifications"\} 1/);
  const onPublicPort = await fetch(`http://127.0.0.1:${port}/metrics`);
  t.equal(onPublicPort.status, 404, 'the public port has no /metrics');
  t.match(onPublicPort.headers.get('content-type'), /^application\/problem\+json/);
});

t.test('when the service is configured for the real providers without credentials, then it refuses to start', async (t) => {
  const service = start(t, ['services/notifications/dist/main.js'], { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/none', SENDGRID_BASE_URL: '', TWILIO_BASE_URL: '' });
  const code = await new Promise<number | null>((resolve) => service.child.once('exit', resolve));
  t.equal(code, 1);
  t.match(service.output(), /SENDGRID_API_KEY: required/);
});
