import { connectBus, startRelay } from '@joo/bus';
import { createPool } from '@joo/db';
import { runService, startTelemetry } from '@joo/service-kit';
import { buildApp } from './app.js';
import { loadIdentityConfigOrExit } from './config.js';
import { startSweeper } from './jobs/sweeper.js';

const config = loadIdentityConfigOrExit();
const telemetry = startTelemetry({ serviceName: 'identity', endpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT });

const pool = createPool({ connectionString: config.DATABASE_URL, applicationName: 'identity' });
const bus = await connectBus({ url: config.NATS_URL, prefix: config.BUS_PREFIX, name: 'identity', replicas: config.NATS_STREAM_REPLICAS });
await bus.ensureStream('identity');

let wakeRelay = () => {};
const app = await buildApp({
  pool,
  signingKey: config.signingKey,
  pii: { encryptionKey: config.PII_ENCRYPTION_KEY, hmacKey: config.PII_HMAC_KEY },
  issuer: config.JWT_ISSUER,
  audience: config.JWT_AUDIENCE,
  logLevel: config.LOG_LEVEL,
  trustProxy: config.TRUST_PROXY,
  onOutboxWrite: () => wakeRelay(),
});
const relay = startRelay({ pool, bus, source: 'identity', log: app.log, listen: true, registry: app.metrics });
wakeRelay = () => relay.wake();
app.addReadinessCheck('nats', async () => {
  if (bus.nc.isClosed()) throw new Error('NATS connection closed');
  await bus.nc.flush();
});
const sweeper = startSweeper({
  pool, intervalMs: config.ERASURE_SWEEP_INTERVAL_MS, log: app.log, onOutboxWrite: () => relay.wake(),
});

await runService(app, {
  host: config.HOST,
  port: config.PORT,
  onShutdown: [
    () => sweeper.stop(),
    () => relay.stop(),
    () => bus.close(),
    () => pool.end(),
    () => telemetry.shutdown(),
  ],
});
