import { createHash } from 'node:crypto';
import pg from 'pg';
import type { Registry } from 'prom-client';
import type { PubAck } from '@nats-io/jetstream';
import type { Envelope } from '@joo/contracts';
import type { Pool } from '@joo/db';
import type { Bus } from './connection.js';
import { errorText, type BusLogger } from './log.js';
import { busMetrics } from './metrics.js';
import { assertSource, outboxChannel } from './names.js';
import { pruneOutboxOlderThan } from './outbox.js';
import { publishEnvelope } from './publish.js';
import { backoffMs, Wakeup } from './wakeup.js';

const DEFAULT_RETENTION_MS = 7 * 24 * 3600_000;
const PRUNE_EVERY_MS = 10 * 60_000;
const BACKLOG_EVERY_MS = 1000;
/**
 * Acked rows are marked with the next pass's read; when no pass comes, one runs this long after the
 * last, to mark them (a lost mark only means a duplicate the consumers drop).
 */
const MARK_WITHIN_MS = 100;

export interface RelayOptions {
  pool: Pool;
  bus: Bus;
  /** The publishing service; names the stream, the lock and the NOTIFY channel. */
  source: string;
  log: BusLogger;
  /** Fallback poll when no wake-up arrives (ms). */
  pollIntervalMs?: number;
  batchSize?: number;
  /** How often a replica without the lock tries to take it (ms). */
  lockRetryMs?: number;
  /** Longest pause after repeated NATS or PostgreSQL failures (ms). */
  maxBackoffMs?: number;
  /** LISTEN for wake-ups from other replicas, and forward this replica's wake() as a NOTIFY. */
  listen?: boolean;
  registry?: Registry;
  /** Published rows older than this are deleted by the lock holder (ms; default 7 days). */
  retentionMs?: number;
  /**
   * Test seam: runs after JetStream acked a batch and before the rows are marked. Throwing here
   * is a relay dying between publish and mark.
   */
  beforeMark?: (ids: readonly string[]) => void | Promise<void>;
}

export interface Relay {
  /** Call after committing a transaction that enqueued events. Cheap; coalesces. */
  wake(): void;
  /** Publishes what is pending now if this relay holds (or can take) the lock; resolves with the count. */
  drainOnce(): Promise<number>;
  /** Whether this relay holds the advisory lock. */
  isLeader(): boolean;
  stop(): Promise<void>;
}

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

interface OutboxRow {
  id: string;
  subject: string;
  envelope: Envelope;
}

class OutboxRelay implements Relay {
  readonly #o: Required<Omit<RelayOptions, 'registry' | 'beforeMark'>> & Pick<RelayOptions, 'registry' | 'beforeMark'>;
  readonly #metrics;
  readonly #channel: string;
  readonly #lockKey: string;
  readonly #wakeup = new Wakeup();
  readonly #loop: Promise<void>;
  #lockClient: pg.Client | null = null;
  #leader = false;
  #stopped = false;
  #lastPruneAt = 0;
  #stopping: Promise<void> | null = null;
  #streamReady = false;
  #tail: Promise<unknown> = Promise.resolve();
  #notifying: Promise<void> | null = null;
  #notifyAgain = false;
  #backlog: Promise<void> | null = null;
  #backlogAt = 0;
  /** Rows JetStream acked that are not yet marked published: the next read marks them. */
  #unmarked: string[] = [];

  constructor(options: RelayOptions) {
    assertSource(options.source);
    this.#o = {
      ...options,
      pollIntervalMs: options.pollIntervalMs ?? 1000,
      batchSize: options.batchSize ?? 100,
      lockRetryMs: options.lockRetryMs ?? 5000,
      maxBackoffMs: options.maxBackoffMs ?? 30_000,
      listen: options.listen ?? true,
      retentionMs: options.retentionMs ?? DEFAULT_RETENTION_MS,
    };
    this.#metrics = busMetrics(options.registry);
    this.#channel = outboxChannel(options.source);
    this.#lockKey = lockKeyOf(options.source);
    this.#loop = this.#run();
  }

  isLeader(): boolean {
    return this.#leader;
  }

  wake(): void {
    if (this.#stopped) return;
    if (this.#leader || !this.#o.listen) {
      this.#wakeup.wake();
      return;
    }
    if (this.#notifying) {
      this.#notifyAgain = true;
      return;
    }
    this.#notifying = this.#forwardWake();
  }

  drainOnce(): Promise<number> {
    if (this.#stopped) return Promise.reject(new Error('relay stopped'));
    return this.#exclusive(async () => {
      if (!this.#leader) await this.#tryLead();
      if (!this.#leader) return 0;
      const published = await this.#drain();
      await this.#markUnmarked();
      return published;
    });
  }

  stop(): Promise<void> {
    this.#stopping ??= (async () => {
      this.#stopped = true;
      this.#wakeup.close();
      await this.#loop;
      await this.#tail.catch(() => {});
      await this.#markUnmarked().catch((error: unknown) =>
        this.#o.log.warn({ err: error, source: this.#o.source }, 'could not mark published rows; they will be published again'));
      await this.#notifying;
      await this.#backlog;
      await this.#dropLockClient();
    })();
    return this.#stopping;
  }

  async #run(): Promise<void> {
    let failures = 0;
    while (!this.#stopped) {
      let pauseMs: number;
      try {
        const led = await this.#exclusive(async () => {
          if (!this.#leader) await this.#tryLead();
          if (this.#leader && !this.#stopped) await this.#drain();
          if (this.#leader && !this.#stopped) await this.#pruneNowAndThen();
          return this.#leader;
        });
        failures = 0;
        pauseMs = led ? this.#o.pollIntervalMs : this.#o.lockRetryMs;
        // Only a holder marks; a replica that lost the lock keeps its lock-retry pace (its unmarked
        // rows are published again by the next holder and dropped as duplicates).
        if (led && this.#unmarked.length > 0) pauseMs = Math.min(pauseMs, MARK_WITHIN_MS);
      } catch (error) {
        failures += 1;
        pauseMs = backoffMs(failures, 100, this.#o.maxBackoffMs);
        this.#o.log.error({ err: error, source: this.#o.source, retryInMs: pauseMs }, 'outbox relay failed; retrying');
      }
      await this.#wakeup.wait(pauseMs);
    }
  }

  /** Published rows are history; the inbox of every consumer already holds what it needs. */
  async #pruneNowAndThen(): Promise<void> {
    const now = Date.now();
    if (now - this.#lastPruneAt < PRUNE_EVERY_MS) return;
    this.#lastPruneAt = now;
    // What this pass published is history too.
    await this.#markUnmarked();
    const pruned = await pruneOutboxOlderThan(this.#o.pool, this.#o.retentionMs);
    if (pruned > 0) this.#o.log.info({ source: this.#o.source, pruned }, 'pruned published outbox rows');
  }

  /** Serialises drain passes between the loop and drainOnce(). */
  #exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#tail.then(work, work);
    this.#tail = run.catch(() => {});
    return run;
  }

  async #tryLead(): Promise<void> {
    const client = await this.#connectLockClient();
    const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS locked', [
      this.#lockKey,
    ]);
    if (!rows[0]?.locked) return;
    if (this.#o.listen) await client.query(`LISTEN "${this.#channel}"`);
    this.#leader = true;
    this.#o.log.info({ source: this.#o.source }, 'outbox relay holds the lock; publishing');
  }

  async #connectLockClient(): Promise<pg.Client> {
    if (this.#lockClient) return this.#lockClient;
    const { options } = this.#o.pool;
    const client = new pg.Client({
      ...options,
      keepAlive: true,
      // Tells the lock session apart in pg_stat_activity.
      application_name: `${options.application_name ?? 'joo'}/relay-${this.#o.source}`.slice(0, 63),
    });
    // Losing the session loses the lock: step down at once, the loop reconnects and retries.
    const lost = (error?: Error) => {
      if (this.#lockClient !== client) return;
      this.#lockClient = null;
      if (this.#leader) this.#o.log.warn({ err: error, source: this.#o.source }, 'outbox relay lost its lock session');
      this.#leader = false;
      client.end().catch(() => {});
      // Try to take the lock again now rather than after a full poll interval.
      if (!this.#stopped) this.#wakeup.wake();
    };
    client.on('error', lost);
    client.on('end', () => lost());
    client.on('notification', (n) => {
      if (n.channel === this.#channel) this.#wakeup.wake();
    });
    this.#lockClient = client;
    try {
      await client.connect();
      // The session only holds the lock and LISTENs; if the leader's machine vanishes without a
      // FIN, the server must notice within a minute, not after the default two hours, or no
      // replica could take the lock meanwhile.
      await client.query('SET tcp_keepalives_idle = 30; SET tcp_keepalives_interval = 10; SET tcp_keepalives_count = 3');
    } catch (error) {
      lost();
      throw error;
    }
    return client;
  }

  async #dropLockClient(): Promise<void> {
    const client = this.#lockClient;
    this.#lockClient = null;
    this.#leader = false;
    // Ending the session releases the advisory lock and the LISTEN.
    if (client) await client.end().catch(() => {});
  }

  async #forwardWake(): Promise<void> {
    try {
      do {
        this.#notifyAgain = false;
        await this.#o.pool.query('SELECT pg_notify($1, $2)', [this.#channel, '']);
      } while (this.#notifyAgain && !this.#stopped);
    } catch (error) {
      this.#o.log.warn({ err: error, source: this.#o.source }, 'could not forward outbox wake-up; the holder will poll');
    } finally {
      this.#notifying = null;
    }
  }

  async #drain(): Promise<number> {
    if (!this.#streamReady) {
      await this.#o.bus.ensureStream(this.#o.source);
      this.#streamReady = true;
    }
    let total = 0;
    for (;;) {
      const { count, failure } = await this.#publishBatch();
      total += count;
      if (failure) throw failure;
      if (count < this.#o.batchSize || this.#stopped || !this.#leader) break;
    }
    // At most once a second (the idle poll keeps it fresh), and beside the next pass rather than
    // before it: under load a pass per commit would otherwise pay one more round trip each.
    if (!this.#backlog && Date.now() - this.#backlogAt >= BACKLOG_EVERY_MS) {
      this.#backlogAt = Date.now();
      this.#backlog = this.#updateBacklog().finally(() => { this.#backlog = null; });
    }
    return total;
  }

  /**
   * One round trip, no transaction: mark the rows the last pass published and read a batch of
   * unpublished rows in one statement, publish them in order, and keep the acked ids for the next
   * pass to mark. Rows are never picked by `id > last` (ids commit out of order).
   * Nothing is locked: only the advisory-lock holder drains, and if two relays overlap briefly (a
   * holder that lost its session is still in its pass while the next one starts), both publish the
   * same rows and that is all — JetStream drops the second copy by Nats-Msg-Id (the event id) and a
   * consumer's inbox drops anything later, as after a crash between publish and mark. Order per
   * aggregate survives the overlap: each relay sends a row only after the previous row of its
   * subject was acked (publishPipelined), so a row is stored only after its predecessor.
   */
  async #publishBatch(): Promise<{ count: number; failure?: unknown }> {
    const marking = this.#unmarked;
    const { rows } = await markAndRead(this.#o.pool, marking, this.#o.batchSize);
    this.#unmarked = this.#unmarked.slice(marking.length);
    const { acked, failure } = await publishPipelined(rows, (row) => publishEnvelope(this.#o.bus, row.envelope), () =>
      this.#metrics.outboxDuplicates.inc({ source: this.#o.source }));
    if (acked.length > 0) {
      await this.#o.beforeMark?.(acked);
      this.#unmarked.push(...acked);
      this.#metrics.outboxPublished.inc({ source: this.#o.source }, acked.length);
    }
    return failure === undefined ? { count: acked.length } : { count: acked.length, failure };
  }

  /** Marks what was published and not yet marked, without reading (drainOnce, stop). */
  async #markUnmarked(): Promise<void> {
    const marking = this.#unmarked;
    if (marking.length === 0) return;
    await markPublished(this.#o.pool, marking);
    this.#unmarked = this.#unmarked.slice(marking.length);
  }

  async #updateBacklog(): Promise<void> {
    try {
      // Rows published and awaiting their mark are not backlog.
      const { rows } = await this.#o.pool.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL AND id <> ALL($1::uuid[])', [this.#unmarked],
      );
      this.#metrics.outboxBacklog.set({ source: this.#o.source }, rows[0]?.n ?? 0);
    } catch (error) {
      this.#o.log.debug({ err: errorText(error), source: this.#o.source }, 'could not measure the outbox backlog');
    }
  }
}

// Marks commit without waiting for the WAL flush (synchronous_commit off for the statement's own
// transaction only; a single statement cannot SET LOCAL, so set_config(..., true) runs in a CTE the
// UPDATE reads). A mark lost in a crash only means the row is published again and dropped as a
// duplicate, while waiting for the flush would hold back the next batch. The first mark stands
// when two relays overlap.
const ASYNC_COMMIT = `async_commit AS MATERIALIZED (SELECT set_config('synchronous_commit', 'off', true))`;
const MARK = 'UPDATE outbox SET published_at = now() FROM async_commit WHERE id = ANY($1::uuid[]) AND published_at IS NULL';

/**
 * Marks `ids` published and reads the next batch in one statement. Both parts see one snapshot, in
 * which the rows being marked are still unpublished: they are left out by id.
 */
function markAndRead(pool: Pool, ids: readonly string[], limit: number): Promise<pg.QueryResult<OutboxRow>> {
  return pool.query<OutboxRow>({
    name: 'joo.bus.relay-mark-and-read',
    text: `WITH ${ASYNC_COMMIT}, marked AS (${MARK})
           SELECT id, subject, envelope FROM outbox WHERE published_at IS NULL AND id <> ALL($1::uuid[]) ORDER BY created_at, id LIMIT $2`,
    values: [ids, limit],
  });
}

async function markPublished(pool: Pool, ids: readonly string[]): Promise<void> {
  await pool.query({
    name: 'joo.bus.relay-mark-published',
    text: `WITH ${ASYNC_COMMIT} ${MARK}`,
    values: [ids],
  });
}

/**
 * Publishes `rows` in their order without waiting for each ack before sending the next: one
 * connection carries them, so JetStream stores them in the order sent, and a batch costs about
 * one round trip instead of one per row. Order under failure is kept per aggregate: a row is
 * never sent while an earlier row of the same subject awaits its ack (the window is drained
 * first), and after a failure nothing more is sent — so a row that failed (say, lost in a
 * reconnect) is never overtaken by a later row of its aggregate. Rows of other aggregates acked
 * meanwhile count as published. Returns the acked ids in row order, each once.
 */
export async function publishPipelined<R extends { id: string; subject: string }>(
  rows: readonly R[],
  publish: (row: R) => Promise<PubAck>,
  onDuplicate: () => void = () => {},
): Promise<{ acked: string[]; failure?: unknown }> {
  const ok = new Array<boolean>(rows.length).fill(false);
  let failure: unknown;
  let failed = false;
  let window: Promise<void>[] = [];
  let subjects = new Set<string>();
  for (let i = 0; i < rows.length && !failed; i++) {
    const row = rows[i]!;
    if (subjects.has(row.subject)) {
      await Promise.all(window);
      window = [];
      subjects = new Set();
      if (failed) break;
    }
    subjects.add(row.subject);
    window.push(publish(row).then((ack) => {
      if (ack.duplicate) onDuplicate();
      ok[i] = true;
    }, (error: unknown) => {
      if (!failed) failure = error;
      failed = true;
    }));
  }
  await Promise.all(window);
  const acked = rows.filter((_, i) => ok[i]).map((r) => r.id);
  return failed ? { acked, failure } : { acked };
}

/** A stable 64-bit advisory lock key per source, unlikely to meet another application's keys. */
function lockKeyOf(source: string): string {
  return createHash('sha256').update(`joo.bus.relay:${source}`).digest().readBigInt64BE(0).toString();
}
