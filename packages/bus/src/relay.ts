import type { Relay, RelayOptions } from './relay/options.js';
import { OutboxRelay } from './relay/outbox-relay.js';

export type { Relay, RelayOptions } from './relay/options.js';

/**
 * Publishes the outbox of `source` to JetStream. Only the replica holding a session-level
 * advisory lock (on a dedicated connection, not a pool client) publishes; the others retry the
 * lock every lockRetryMs, so one takes over within that time when the holder dies.
 *
 * Wake-ups: wake() from the committing process; when this replica does not hold the lock, its
 * wake() becomes one NOTIFY sent outside any business transaction (at most one in flight), and
 * the holder LISTENs. Writers therefore never NOTIFY inside their own transaction (that takes a
 * global lock at commit). Polling every pollIntervalMs catches anything missed.
 */
export function startRelay(options: RelayOptions): Relay {
  return new OutboxRelay(options);
}
