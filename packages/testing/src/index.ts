export { testDatabase, TEST_SERVER_URL, type TestDatabase } from './database.js';
export { testBus, streamNamePrefix, TEST_NATS_URL, type TestBus } from './bus.js';
export type { Teardown } from './teardown.js';
