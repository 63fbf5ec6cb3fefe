import { fakeUpstream, testIssuer, testLogLevel, type FakeUpstream, type Teardown, type TestIssuer } from '@joo/testing';
import type { App } from '@joo/service-kit';
import { buildApp, type AppConfig } from '../src/app.js';
import { RevokedSessions } from '../src/revocations.js';

export interface Gateway {
  app: App;
  issuer: TestIssuer;
  identity: FakeUpstream;
  catalog: FakeUpstream;
  revoked: RevokedSessions;
}

export interface GatewayOverrides extends Partial<AppConfig> {
  readiness?: Record<string, () => Promise<unknown>>;
  revoked?: RevokedSessions;
}

/** The gateway in front of two fake services (identity, catalog) and a test token issuer; closed at teardown. */
export async function gateway(t: Teardown, overrides: GatewayOverrides = {}): Promise<Gateway> {
  const { readiness, revoked = new RevokedSessions(), ...config } = overrides;
  const issuer = await testIssuer(t);
  const identity = await fakeUpstream(t, 'identity');
  const catalog = await fakeUpstream(t, 'catalog');
  const { app } = await buildApp({
    auth: { keys: { jwksUrl: issuer.jwksUrl } },
    config: {
      upstreams: [{ name: 'identity', url: identity.url }, { name: 'catalog', url: catalog.url }],
      corsOrigins: ['http://localhost:*', 'http://127.0.0.1:*'],
      rateLimits: { ipPerMinute: 600, userPerMinute: 300 },
      upstreamTimeoutMs: 5_000,
      docsCacheMs: 0,
      trustProxy: false,
      ...config,
    },
    revoked,
    logLevel: testLogLevel(),
    ...(readiness ? { readiness } : {}),
  });
  t.teardown(() => app.close());
  return { app, issuer, identity, catalog, revoked };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** Listens on a random port of 127.0.0.1 (for what inject cannot show: real sockets); returns the base URL. */
export async function listen(app: App): Promise<string> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  return `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
}
