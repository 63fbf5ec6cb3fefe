import { connectBus } from '@joo/bus';
import { createLogger, runService, startTelemetry } from '@joo/service-kit';
import { loadGatewayConfigOrExit } from './config.js';
import { buildApp } from './app.js';
import { startRevocationFeed } from './revocations.js';

const config = loadGatewayConfigOrExit();
const telemetry = startTelemetry({ serviceName: 'gateway', endpoint: config.otelEndpoint });
const logger = createLogger('gateway', config.logLevel);

// The gateway has no database, so not startServiceProcess: the same build → { app, ctx }, then its one background feed.
const bus = await connectBus({ url: config.natsUrl, prefix: config.busPrefix, name: 'gateway', log: logger, replicas: config.streamReplicas });
const { app, ctx } = await buildApp({
  config,
  auth: { keys: { jwksUrl: config.jwksUrl }, issuer: config.issuer, audience: config.audience },
  logger,
  readiness: { nats: () => bus.nc.rtt() },
});
const feed = await startRevocationFeed({ bus, revoked: ctx.revoked, log: logger, lookbackMs: config.revocationLookbackMs });
await runService(app, {
  host: config.host,
  port: config.port,
  metricsPort: config.metricsPort,
  onShutdown: [() => feed.stop(), () => bus.close(), () => telemetry.shutdown()],
});
logger.info({ upstreams: config.upstreams.map((u) => u.name) }, 'gateway ready for requests');
