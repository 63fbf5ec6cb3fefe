export { testDatabase, dropTestDatabase, TEST_SERVER_URL, type TestDatabase } from './database.js';
export { testBus, streamNamePrefix, TEST_NATS_URL, type TestBus } from './bus.js';
export {
  testIssuer, fakeUpstream, jwkThumbprint, TEST_ISSUER, TEST_AUDIENCE,
  type TestIssuer, type TestClaims, type SignOptions, type ForgedKind, type FakeUpstream, type EchoedRequest,
} from './issuer.js';
export type { Teardown } from './teardown.js';
export { startPlatform, freshSecrets, type Platform, type PlatformOptions, type RunningService } from './platform.js';
export { envExampleKeys } from './env-example.js';
export { sweepRoutes, ODD_BODIES, DEEP_BODIES, RawJson, type SweepOptions } from './route-sweep.js';
export { fakeSendGrid, SENDGRID_IDEMPOTENCY_ARG, type FakeSendGrid, type FakeSendGridOptions, type ReceivedEmail, type SendGridEvent } from './fakes/sendgrid.js';
export { fakeTwilio, twilioSignature, TWILIO_IDEMPOTENCY_PARAM, type FakeTwilio, type FakeTwilioOptions, type ReceivedTwilioResource } from './fakes/twilio.js';
export { fakeCloudPayments, type FakeCloudPayments, type FakeCloudPaymentsOrder, type FakeCloudPaymentsRefund, type NotifyOptions as CloudPaymentsNotifyOptions } from './fakes/cloudpayments.js';
export { fakePartner, type FakePartner, type FakePartnerMode, type ReceivedWebhook } from './fakes/partner.js';
export { countRoundTrips, type RoundTrips, type TransactionTrips } from './round-trips.js';
export { startPrivatePostgres, type PrivatePostgres } from './private-postgres.js';
export { startPgBouncer, type TestPgBouncer, type PgBouncerOptions } from './pgbouncer.js';
export { eventually, type EventuallyOptions, type Truthy } from './eventually.js';
export { testLogLevel, testLogger, TEST_LOG_LEVELS, type TestLogLevel, type TestLogger } from './log-level.js';
export { reservePort, type ReservedPort } from './ports.js';
export { rawExchange, rawAnswers, type RawAnswer } from './raw-http.js';
export { expectMethodNotAllowed } from './method-not-allowed.js';
export { assertProperty, PROPERTY_SEED } from './property.js';
