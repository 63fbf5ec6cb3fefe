import { connectBus } from '@joo/bus';
import { createLogger, runService, startTelemetry } from '@joo/service-kit';
import { loadGatewayConfigOrExit } from './config.js';
import { buildApp } from './app.js';
import { RevokedSessions, startRevocationFeed } from './revocations.js';

const config = loadGatewayConfigOrExit();
const telemetry = startTelemetry({ serviceName: 'gateway', endpoint: config.otelEndpoint });
const logger = createLogger('gateway', config.logLevel);

const bus = await connectBus({ url: config.natsUrl, prefix: config.busPrefix, name: 'gateway', log: logger, replicas: config.streamReplicas });
const revoked = new RevokedSessions();
const feed = await startRevocationFeed({ bus, revoked, log: logger, lookbackMs: config.revocationLookbackMs });

const app = await buildApp({ config, revoked, logger, readiness: { nats: () => bus.nc.rtt() } });
await runService(app, {
  host: config.host,
  port: config.port,
  onShutdown: [() => feed.stop(), () => bus.close(), () => telemetry.shutdown()],
});
logger.info({ upstreams: config.upstreams.map((u) => u.name) }, 'gateway ready for requests');
