import { randomBytes } from 'node:crypto';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { teardownOf, type Teardown } from './teardown.js';

export const TEST_NATS_URL = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';

export interface TestBus {
  /** Put before every subject (`t1a2b3c.joo.identity.>`) and stream name, unique per test file. */
  prefix: string;
  nc: NatsConnection;
  url: string;
}

/**
 * A NATS connection and a unique prefix for one test file. When the test ends, every stream
 * whose name starts with the prefix is deleted and the connection is drained.
 */
export async function testBus(t: Teardown): Promise<TestBus> {
  const prefix = `t${Date.now().toString(36)}${randomBytes(3).toString('hex')}.`;
  const nc = await connect({ servers: TEST_NATS_URL, name: `test-${prefix}` });
  teardownOf(t)(async () => {
    const jsm = await jetstreamManager(nc);
    const streamPrefix = streamNamePrefix(prefix);
    for await (const name of jsm.streams.names()) {
      if (name.startsWith(streamPrefix)) await jsm.streams.delete(name).catch(() => false);
    }
    await nc.drain().catch(() => {});
  });
  return { prefix, nc, url: TEST_NATS_URL };
}

/** Stream names cannot hold dots; the bus turns the subject prefix `t1a.` into `T1A_`. */
export function streamNamePrefix(prefix: string): string {
  return prefix.replace(/\./g, '_').toUpperCase();
}
