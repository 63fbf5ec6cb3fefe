import { createHash } from 'node:crypto';
import pg from 'pg';
import type { Pool } from '@joo/db';
import type { BusLogger } from '../log.js';
import { outboxChannel } from '../names.js';

export interface LeaderLockOptions {
  pool: Pool;
  source: string;
  log: BusLogger;
  /** LISTEN on the source's channel while holding the lock. */
  listen: boolean;
  sessionConnectionString?: string | undefined;
  /** Called when a NOTIFY arrives, and when the lock session is lost (to take the lock again soon). */
  wake: () => void;
}

/**
 * The relay's leadership: a session-level advisory lock held on a dedicated connection (not a pool
 * client), which also LISTENs for wake-ups from the other replicas. Losing the session loses the
 * lock: the holder steps down at once and the next tryLead() reconnects.
 */
export class LeaderLock {
  readonly #o: LeaderLockOptions;
  readonly #channel: string;
  readonly #lockKey: string;
  #client: pg.Client | null = null;
  #held = false;

  constructor(options: LeaderLockOptions) {
    this.#o = options;
    this.#channel = outboxChannel(options.source);
    this.#lockKey = lockKeyOf(options.source);
  }

  get held(): boolean {
    return this.#held;
  }

  async tryLead(): Promise<void> {
    const client = await this.#connect();
    const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS locked', [
      this.#lockKey,
    ]);
    if (!rows[0]?.locked) return;
    if (this.#o.listen) await client.query(`LISTEN "${this.#channel}"`);
    this.#held = true;
    this.#o.log.info({ source: this.#o.source }, 'outbox relay holds the lock; publishing');
  }

  /** Ending the session releases the advisory lock and the LISTEN. */
  async release(): Promise<void> {
    const client = this.#client;
    this.#client = null;
    this.#held = false;
    if (client) await client.end().catch(() => {});
  }

  async #connect(): Promise<pg.Client> {
    if (this.#client) return this.#client;
    const client = new pg.Client(sessionConfig(this.#o.pool, this.#o.source, this.#o.sessionConnectionString));
    // Losing the session loses the lock: step down at once, the loop reconnects and retries.
    const lost = (error?: Error) => {
      if (this.#client !== client) return;
      this.#client = null;
      if (this.#held) this.#o.log.warn({ err: error, source: this.#o.source }, 'outbox relay lost its lock session');
      this.#held = false;
      client.end().catch(() => {});
      // Try to take the lock again now rather than after a full poll interval.
      this.#o.wake();
    };
    client.on('error', lost);
    client.on('end', () => lost());
    client.on('notification', (n) => {
      if (n.channel === this.#channel) this.#o.wake();
    });
    this.#client = client;
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
}

/**
 * A replica without the lock forwards its wake() to the holder as one NOTIFY, sent through the pool
 * outside any business transaction (a NOTIFY inside one takes a global lock at commit). At most one
 * is in flight; wakes meanwhile send one more after it.
 */
export class WakeForwarder {
  readonly #pool: Pool;
  readonly #source: string;
  readonly #channel: string;
  readonly #log: BusLogger;
  readonly #stopped: () => boolean;
  #notifying: Promise<void> | null = null;
  #again = false;

  constructor(pool: Pool, source: string, log: BusLogger, stopped: () => boolean) {
    this.#pool = pool;
    this.#source = source;
    this.#channel = outboxChannel(source);
    this.#log = log;
    this.#stopped = stopped;
  }

  forward(): void {
    if (this.#notifying) {
      this.#again = true;
      return;
    }
    this.#notifying = this.#send();
  }

  /** Resolves when no NOTIFY is in flight. */
  async settled(): Promise<void> {
    await this.#notifying;
  }

  async #send(): Promise<void> {
    try {
      do {
        this.#again = false;
        await this.#pool.query('SELECT pg_notify($1, $2)', [this.#channel, '']);
      } while (this.#again && !this.#stopped());
    } catch (error) {
      this.#log.warn({ err: error, source: this.#source }, 'could not forward outbox wake-up; the holder will poll');
    } finally {
      this.#notifying = null;
    }
  }
}

/**
 * The lock session's settings: the pool's own, or `url` when given (the pool may go through a
 * transaction pooler, which keeps no session). Either way named `<application_name>/relay-<source>`
 * to tell the session apart in pg_stat_activity.
 */
function sessionConfig(pool: Pool, source: string, url: string | undefined): pg.ClientConfig {
  const named = (base: string | null | undefined) => `${base ?? 'joo'}/relay-${source}`.slice(0, 63);
  const { options } = pool;
  if (url === undefined) return { ...options, keepAlive: true, application_name: named(options.application_name) };
  // An application_name in the URL would override one given beside it, so the name goes in the URL.
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Not a URL (a socket path, say): pg reads it as is, and it names no application.
    return { connectionString: url, keepAlive: true, application_name: named(options.application_name) };
  }
  parsed.searchParams.set('application_name', named(parsed.searchParams.get('application_name') ?? options.application_name));
  return { connectionString: parsed.href, keepAlive: true };
}

/** A stable 64-bit advisory lock key per source, unlikely to meet another application's keys. */
function lockKeyOf(source: string): string {
  return createHash('sha256').update(`joo.bus.relay:${source}`).digest().readBigInt64BE(0).toString();
}
