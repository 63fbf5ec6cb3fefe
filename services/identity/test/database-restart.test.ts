import { spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { eventually, startPrivatePostgres, testBus, testDatabase, testLogLevel } from '@joo/testing';
import { identityMigrations } from '../src/migrations.js';
import { seed } from '../src/seed.js';
import { ADMIN } from './helper.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));

const freePort = () => new Promise<number>((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const { port } = s.address() as { port: number };
    s.close(() => resolve(port));
  });
});

interface Answer { status: number; retryAfter: string | null; contentType: string | null; code?: string }

t.test('when PostgreSQL is cut under requests and restarted, then the service stays up, answers 503 with Retry-After meanwhile and recovers', async (t) => {
  const postgres = await startPrivatePostgres(t);
  const db = await testDatabase(t, { serverUrl: postgres.serverUrl, migrations: await identityMigrations(), label: 'identity_pg_restart', poolSize: 2 });
  await seed(db.pool, ADMIN);
  const bus = await testBus(t);
  const port = await freePort();
  const { privateKey } = generateKeyPairSync('ed25519');
  const child = spawn(process.execPath, ['services/identity/dist/main.js'], {
    cwd: root, stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env, DATABASE_URL: db.url, PORT: String(port), NATS_URL: bus.url, BUS_PREFIX: bus.prefix, LOG_LEVEL: testLogLevel('warn'),
      JWT_PRIVATE_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
      PII_ENCRYPTION_KEY: randomBytes(32).toString('base64'), PII_HMAC_KEY: randomBytes(32).toString('base64'),
    },
  });
  let output = '';
  child.stdout.on('data', (d) => { output += d; });
  child.stderr.on('data', (d) => { output += d; });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  t.teardown(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    await exited;
  });
  const base = `http://127.0.0.1:${port}/v1/identity`;
  await eventually(async () => (await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => null))?.ok === true,
    { timeoutMs: 90_000, message: () => `the service ready; its output:\n${output}` });
  const signIn = await fetch(`${base}/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: ADMIN.email, password: ADMIN.password, device: { id: 'laptop', name: 'Laptop' } }),
  });
  t.equal(signIn.status, 200, 'signed in');
  const { accessToken } = await signIn.json() as { accessToken: string };

  // Consents are a transaction (the update, its history and an outbox event); the offer a plain read.
  let flip = false;
  const request = async (): Promise<Answer> => {
    flip = !flip;
    const res = flip
      ? await fetch(`${base}/me/consents`, {
        method: 'PUT', headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
        body: JSON.stringify({ marketingEmail: flip, marketingSms: false, marketingCalls: false, crossBorderTransfer: false }),
      })
      : await fetch(`${base}/offers/current`);
    const body = await res.json().catch(() => ({})) as { code?: string };
    return { status: res.status, retryAfter: res.headers.get('retry-after'), contentType: res.headers.get('content-type'), ...(body.code ? { code: body.code } : {}) };
  };
  const answers: Answer[] = [];
  let loading = true;
  const load = Promise.all([1, 2, 3].map(async () => {
    while (loading) answers.push(await request().catch((error: Error) => ({ status: 0, retryAfter: null, contentType: null, code: error.message })));
  }));
  t.teardown(async () => {
    loading = false;
    await load;
  });
  await eventually(() => answers.filter((a) => a.status === 200).length >= 10, { message: 'requests served before the fault' });

  // Sessions killed mid-transaction (as a failover does), several times under load.
  for (let i = 0; i < 5; i += 1) {
    await db.pool.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'identity' AND pid <> pg_backend_pid()");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  // Then the server itself goes down, as in a crash.
  await postgres.stop('immediate');
  const outageFrom = answers.length;
  await eventually(() => answers.slice(outageFrom).filter((a) => a.status === 503).length >= 5,
    { timeoutMs: 20_000, message: () => `503s during the outage; answers: ${JSON.stringify(answers.slice(outageFrom, outageFrom + 10))}` });
  const outage = answers.slice(outageFrom);
  const unavailable = outage.find((a) => a.status === 503)!;
  t.equal(unavailable.code, 'dependency-unavailable');
  t.match(unavailable.contentType, /^application\/problem\+json/);
  t.match(unavailable.retryAfter, /^\d+$/, 'Retry-After says when to try again');
  t.equal(child.exitCode, null, 'the process is still running during the outage');

  await postgres.start();
  const recoveredFrom = answers.length;
  await eventually(() => answers.slice(recoveredFrom).filter((a) => a.status === 200).length >= 10,
    { timeoutMs: 30_000, message: () => `served again after the restart; output:\n${output}` });
  loading = false;
  await load;
  t.equal(child.exitCode, null, 'the process never exited');
  t.same(answers.filter((a) => a.status >= 500 && a.status !== 503), [], 'no 500: an unavailable database is a 503');
  t.same(answers.filter((a) => a.status === 0), [], 'no request went unanswered');
  t.same(answers.filter((a) => a.status === 503 && !a.retryAfter), [], 'every 503 has Retry-After');
  t.notMatch(output, /uncaught|unhandled 'error'/i, 'no unhandled error in the output');
});
