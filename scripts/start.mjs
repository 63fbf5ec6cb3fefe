#!/usr/bin/env node
// Starts the whole platform locally: run by scripts/start.sh after ensure-infra and the build.
//
// For each service in deploy/services.json with a database: create the database if missing, run
// dist/migrate.js, then dist/seed.js if it exists. Then start every service and the gateway as child
// processes (identity first, the gateway last), wait until each answers /health/ready with 200,
// print the URLs and the seeded admin login, and run until Ctrl-C / SIGTERM. A service that dies
// on its own after it was ready is restarted with a back-off (start/supervise.mjs) while the rest
// keep running; one that dies before it was ever ready stops everything, and this exits non-zero
// naming it.
//
//   node scripts/start.mjs [--check]
//   --check, or JOO_START_EXIT_AFTER_READY=1: stop everything once ready; exit 0 only if every
//   process became ready and then stopped cleanly within the grace period. Nothing is restarted.
//
// When notifications runs and SENDGRID_API_KEY / TWILIO_AUTH_TOKEN are not both set, the fake
// SendGrid and Twilio of packages/testing run on 127.0.0.1:4010 / 4011 and notifications uses them.
//
// Environment: PGPORT (5432), NATS_PORT (4222), <SERVICE>_PORT (e.g. GATEWAY_PORT, IDENTITY_PORT:
// the port in services.json), JOO_DATABASE_SUFFIX (appended to every database name),
// FAKE_SENDGRID_PORT (4010), FAKE_TWILIO_PORT (4011), ADMIN_EMAIL, ADMIN_PASSWORD, PII_ENCRYPTION_KEY, PII_HMAC_KEY,
// JWT_PRIVATE_KEY_FILE (generated under .data/secrets/ unless given), LOG_LEVEL,
// JOO_DATA_DIR (<repo>/.data), JOO_READY_TIMEOUT (seconds per phase, 60), NO_COLOR.
//
// Plain JavaScript on purpose: it runs as is, needing only the workspace packages start.sh builds
// (@joo/service-list, the one reader of deploy/services.json, and @joo/db).
// The parts live in scripts/start/; this file only puts them in order.
import path from 'node:path';
import { installShutdown, isStopping, shutdown } from './start/children.mjs';
import { adminLogin, HOST, makeEnvFor, readServices, ROOT } from './start/config.mjs';
import { prepareDatabases } from './start/database.mjs';
import { ConfigError, Stopped } from './start/errors.mjs';
import { intFromEnv, parseOptions } from './start/options.mjs';
import { ignoreBrokenPipes, log, setLabelWidth, warn } from './start/output.mjs';
import { fakeProviderPorts, realProvidersConfigured, startFakeProviders } from './start/providers.mjs';
import { preflight, waitReady } from './start/readiness.mjs';
import { ensureSecrets, makeServiceSecrets } from './start/secrets.mjs';
import { printSummary } from './start/summary.mjs';
import { superviseService } from './start/supervise.mjs';

const { checkMode } = parseOptions();
ignoreBrokenPipes();
installShutdown({ checkMode });

async function main() {
  const pgPort = intFromEnv('PGPORT', 5432);
  const natsPort = intFromEnv('NATS_PORT', 4222);
  const readyTimeoutMs = intFromEnv('JOO_READY_TIMEOUT', 60, 3600) * 1000;
  const dataDir = path.resolve(ROOT, process.env.JOO_DATA_DIR || '.data');
  const services = readServices();
  setLabelWidth(Math.max(8, ...services.map((s) => s.name.length + (s.database ? 8 : 0))));
  const notifications = services.find((s) => s.name === 'notifications');
  const fakeProviders = notifications && !realProvidersConfigured();
  const fakePorts = fakeProviders ? fakeProviderPorts() : null;
  await preflight(services, fakePorts ? [
    { name: 'fake SendGrid', port: fakePorts.sendgrid }, { name: 'fake Twilio', port: fakePorts.twilio },
  ] : []);

  const identity = services.find((s) => s.name === 'identity');
  const gateway = services.find((s) => s.name === 'gateway');
  const backends = services.filter((s) => s.name !== 'gateway');
  const jwksUrl = `http://${HOST}:${identity?.port ?? 3001}/.well-known/jwks.json`;
  const admin = adminLogin();
  const secrets = identity ? ensureSecrets(dataDir) : {};
  const serviceSecrets = makeServiceSecrets(dataDir);
  const urlOf = (name) => {
    const target = services.find((s) => s.name === name);
    if (!target) throw new ConfigError(`deploy/services.json: a local variable names ${name}, which is not a service`);
    return `http://${HOST}:${target.port}`;
  };
  const providerEnv = {};
  const envFor = makeEnvFor({ pgPort, natsUrl: `nats://${HOST}:${natsPort}`, jwksUrl, backends, secrets, serviceSecrets, admin, urlOf, providerEnv });

  // 1. databases, migrations, seeds
  await prepareDatabases(services, { pgPort, envFor });

  // 2. the fake e-mail and SMS providers, unless real ones are configured
  if (fakeProviders) Object.assign(providerEnv, await startFakeProviders({ notifications, dataDir, timeoutMs: readyTimeoutMs, checkMode }));

  // 3. services: identity (it serves the JWKS the others verify with), the rest, the gateway.
  //    Each runs with its own directory as the working directory, as `pnpm --filter … start` does.
  const phases = [
    identity ? [identity] : [],
    backends.filter((s) => s !== identity),
    gateway ? [gateway] : [],
  ].filter((p) => p.length);
  //    After a restart, a service is announced again once it is ready.
  const announceReadyAgain = (s) => (child) => waitReady(s, child, Date.now() + readyTimeoutMs, readyTimeoutMs).then(
    () => log(`${s.name} is ready again on http://${HOST}:${s.port} (pid ${child.proc.pid})`),
    (err) => { if (!(err instanceof Stopped)) warn(`${s.name} after its restart: ${err.message}`); },
  );
  for (const phase of phases) {
    if (isStopping()) throw new Stopped();
    const started = phase.map((s) => ({
      s, unit: superviseService(s.name, s.main, { cwd: s.dir, env: envFor(s), checkMode, whenRestarted: announceReadyAgain(s) }),
    }));
    const deadline = Date.now() + readyTimeoutMs;
    await Promise.all(started.map(({ s, unit }) => waitReady(s, unit.child, deadline, readyTimeoutMs)));
    for (const { s, unit } of started) {
      unit.ready();
      log(`${s.name} is ready on http://${HOST}:${s.port} (pid ${unit.child.proc.pid})`);
    }
  }

  // 4. where to find things
  printSummary({ identity, gateway, backends, jwksUrl, admin, dataDir, checkMode, providerEnv });

  if (checkMode) await shutdown(0, 'check: everything is ready; stopping');
}

main().catch((err) => {
  if (err instanceof Stopped || isStopping()) return; // shutdown already in progress
  const message = err instanceof ConfigError ? err.message : (err?.stack || String(err));
  void shutdown(1, `cannot start: ${message}`);
});
