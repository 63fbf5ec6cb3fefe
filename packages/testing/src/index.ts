export { testDatabase, TEST_SERVER_URL, type TestDatabase } from './database.js';
export { testBus, streamNamePrefix, TEST_NATS_URL, type TestBus } from './bus.js';
export {
  testIssuer, fakeUpstream, jwkThumbprint, TEST_ISSUER, TEST_AUDIENCE,
  type TestIssuer, type TestClaims, type SignOptions, type ForgedKind, type FakeUpstream, type EchoedRequest,
} from './issuer.js';
export type { Teardown } from './teardown.js';
export { startPlatform, type Platform, type PlatformOptions, type RunningService } from './platform.js';
export { envExampleKeys } from './env-example.js';
export { sweepRoutes, ODD_BODIES, type SweepOptions } from './route-sweep.js';
